using System;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen;
using Salla.Events;

namespace Salla.Codegen.Sample;

/// <summary>Typed handlers, as an app writes them: one interface per event, nothing parsed by hand.</summary>
internal sealed class OrderHandlers : IOrderCreatedHandler, IOrderStatusUpdatedHandler
{
    public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
    {
        var order = salla.Data;
        Console.WriteLine($"    order {order.ReferenceId} (id {order.Id}) by {order.Customer.FirstName} {order.Customer.LastName}, mobile {order.Customer.MobileCode}{order.Customer.Mobile}: {order.Amounts.Total?.Amount} {order.Amounts.Total?.Currency}, {order.Items.Count} item(s), placed {order.Date:yyyy-MM-dd HH:mm zzz}, status {order.Status.Slug}");
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(OrderStatusUpdatedEvent salla, CancellationToken cancellationToken)
    {
        Console.WriteLine($"    order {salla.Data.Order?.ReferenceId} is now '{salla.Data.Order?.Status?.Slug}'");
        return ValueTask.CompletedTask;
    }
}

internal sealed class AppAuthorizeHandler : IAppStoreAuthorizeHandler
{
    public ValueTask HandleAsync(AppStoreAuthorizeEvent salla, CancellationToken cancellationToken)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(salla.Data.Expires ?? 0);
        Console.WriteLine($"    store {salla.Merchant} authorized scopes '{salla.Data.Scope}'; token expires {expires:yyyy-MM-dd}");
        return ValueTask.CompletedTask;
    }
}

internal sealed class SmsHandler : ICommunicationSmsSendHandler
{
    public ValueTask HandleAsync(CommunicationSmsSendEvent salla, CancellationToken cancellationToken)
    {
        var data = salla.Data;
        Console.WriteLine($"    SMS ({data.Type}) to {string.Join(", ", data.Notifiable)}{(data.Meta.Code is { } code ? $", OTP {code}" : string.Empty)}");
        return ValueTask.CompletedTask;
    }
}

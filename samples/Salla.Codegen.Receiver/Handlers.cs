using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Salla.Events;

namespace Salla.Codegen.Receiver;

/// <summary>Typed handlers, as an app writes them: one generated interface per event, nothing parsed by hand.</summary>
internal sealed partial class OrderCreatedHandler(ILogger<OrderCreatedHandler> logger) : IOrderCreatedHandler
{
    public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
    {
        var order = salla.Data;
        LogOrder(logger, order.ReferenceId, order.Id, salla.Merchant, order.Amounts.Total?.Amount, order.Amounts.Total?.Currency, order.Items.Count, order.Status.Slug, order.Date);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {ReferenceId} (id {OrderId}) created in store {Merchant}: {Total} {Currency}, {ItemCount} item(s), status {Status}, placed {PlacedAt:u}")]
    private static partial void LogOrder(ILogger logger, long referenceId, long orderId, long? merchant, decimal? total, string? currency, int itemCount, string? status, System.DateTimeOffset? placedAt);
}

internal sealed partial class AppAuthorizeHandler(ILogger<AppAuthorizeHandler> logger) : IAppStoreAuthorizeHandler
{
    public ValueTask HandleAsync(AppStoreAuthorizeEvent salla, CancellationToken cancellationToken)
    {
        // The access and refresh tokens are secrets: store them, never log them.
        var data = salla.Data;
        var expires = System.DateTimeOffset.FromUnixTimeSeconds(data.Expires ?? 0);
        LogAuthorized(logger, salla.Merchant, data.Scope, data.TokenType, expires, data.AccessToken is not null, data.RefreshToken is not null);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Merchant} authorized the app with scopes '{Scope}': {TokenType} token expiring {ExpiresAt:yyyy-MM-dd} (access token received: {HasAccessToken}, refresh token received: {HasRefreshToken})")]
    private static partial void LogAuthorized(ILogger logger, long? merchant, string? scope, string? tokenType, System.DateTimeOffset expiresAt, bool hasAccessToken, bool hasRefreshToken);
}

internal sealed partial class SmsHandler(ILogger<SmsHandler> logger) : ICommunicationSmsSendHandler
{
    public ValueTask HandleAsync(CommunicationSmsSendEvent salla, CancellationToken cancellationToken)
    {
        // An OTP is a credential: the handler would send it, the log only says there is one.
        var data = salla.Data;
        LogSms(logger, data.Type, salla.Merchant, string.Join(", ", data.Notifiable ?? Enumerable.Empty<string?>()), data.Meta.Code is not null);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS '{Type}' for store {Merchant} to {Recipients} (carries an OTP: {HasOtp})")]
    private static partial void LogSms(ILogger logger, string? type, long? merchant, string recipients, bool hasOtp);
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.EntityFrameworkCore;
using Salla.Codegen.InboxTesting;
using Salla.Events;

// Configured through the environment: ConnectionStrings__Inbox, Inbox__Provider (postgres|sqlite),
// Inbox__HangInHandler, Salla__Webhooks__Secrets__0, Salla__Inbox__*. Prints "LISTENING <url>" once up.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
var connection = builder.Configuration.GetConnectionString("Inbox") ?? throw new InvalidOperationException("ConnectionStrings__Inbox is not set.");
builder.Services.AddDbContext<InboxTestContext>(options =>
{
    if (builder.Configuration["Inbox:Provider"] == "sqlite")
    {
        options.UseSqlite(connection);
    }
    else
    {
        options.UseNpgsql(connection);
    }
});
builder.Services.AddSallaWebhooks<SallaEventDispatcher>(builder.Configuration).UseEntityFrameworkInbox<InboxTestContext>();
builder.Services.AddSallaEventHandler<EffectHandler>();

var app = builder.Build();
app.MapSallaWebhooks();
app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
    foreach (var url in address)
    {
        Console.WriteLine("LISTENING " + url);
    }
});
app.Run();

internal sealed class EffectHandler(InboxTestContext db, IConfiguration configuration) : IOrderCreatedHandler
{
    public async ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
    {
        db.Effects.Add(new OrderEffect { OrderId = salla.Data!.Id, Host = "process-" + Environment.ProcessId });
        await db.SaveChangesAsync(cancellationToken);
        if (configuration["Inbox:HangInHandler"] == "true")
        {
            // The effect is written inside the open transaction; the test kills the process now.
            Console.WriteLine("HANDLING " + salla.Data!.Id);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

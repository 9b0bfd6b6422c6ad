using System;
using System.IO;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.EntityFrameworkCore;
using Salla.Codegen.Receiver;
using Salla.Codegen.Webhooks;
using Salla.Events;

// A Salla webhook receiver: options from appsettings.json (Salla:Webhooks, Salla:Inbox), typed
// handlers, one endpoint. Deliveries go to a SQLite inbox first, so a restart loses none.
// `dotnet run -- inbox list-dead` / `inbox replay KEY` operate on that inbox instead of serving.
var builder = WebApplication.CreateBuilder(args);

// The inbox file sits in the content root wherever `dotnet run` is started from.
var inboxDatabase = new SqliteConnectionStringBuilder(builder.Configuration.GetConnectionString("Inbox"));
inboxDatabase.DataSource = Path.Combine(builder.Environment.ContentRootPath, inboxDatabase.DataSource);
builder.Services.AddDbContext<ReceiverDb>(options => options.UseSqlite(inboxDatabase.ConnectionString));

builder.Services.AddSallaWebhooks<SallaEventDispatcher>(builder.Configuration).UseEntityFrameworkInbox<ReceiverDb>();
builder.Services.AddSallaEventHandler<OrderCreatedHandler>();
builder.Services.AddSallaEventHandler<AppAuthorizeHandler>();
builder.Services.AddSallaEventHandler<SmsHandler>();

var app = builder.Build();
await app.Services.EnsureSallaInboxCreatedAsync<ReceiverDb>();
if (await app.Services.TryRunSallaInboxCommandAsync(args) is int exitCode)
{
    return exitCode;
}

app.MapSallaWebhooks("/webhooks/salla");
app.MapHealthChecks("/healthz");
app.MapGet("/", () => "POST Salla webhooks to /webhooks/salla");

app.Lifetime.ApplicationStarted.Register(() =>
{
    // Only the published development secret is ever printed; a real one stays out of the console.
    const string DevSecret = "dev-only-salla-webhook-secret-do-not-use-in-production";
    var options = app.Services.GetRequiredService<IOptions<SallaWebhookOptions>>().Value;
    if (!options.Secrets.Contains(DevSecret))
    {
        Console.WriteLine("Salla webhook receiver started with the configured secret(s).");
        return;
    }

    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
    var url = address.TrimEnd('/') + "/webhooks/salla";
    Console.WriteLine($"""

        Salla webhook receiver listening on {url}
        It verifies X-Salla-Signature with the development-only secret in appsettings.json.
        Send it a signed example from another terminal, at the repository root:

            dotnet run --project tools/Salla.Codegen.Tool -- send order.created --url {url}

        (salla send order.created once the tool is installed: dotnet tool install -g Salla.Codegen.Tool;
        salla list names every event), or by hand:

            body=specs/examples/order.created.json
            sig=$(openssl dgst -sha256 -hmac '{DevSecret}' < "$body" | sed 's/^.*= //')
            curl -i -H 'Content-Type: application/json' -H 'X-Salla-Security-Strategy: Signature' -H "X-Salla-Signature: $sig" --data-binary @"$body" {url}

        Press Ctrl+C to stop.

        """);
});

await app.RunAsync();
return 0;

/// <summary>The app's own context; here it holds only the inbox. A real app adds its tables and uses migrations.</summary>
internal sealed class ReceiverDb(DbContextOptions<ReceiverDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddSallaInbox();
}

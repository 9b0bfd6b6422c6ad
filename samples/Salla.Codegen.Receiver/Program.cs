using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Receiver;
using Salla.Codegen.Webhooks;
using Salla.Events;

// A Salla webhook receiver: options from appsettings.json (Salla:Webhooks), typed handlers, one endpoint.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSallaWebhooks<SallaEventDispatcher>(builder.Configuration);
builder.Services.AddSallaEventHandler<OrderCreatedHandler>();
builder.Services.AddSallaEventHandler<AppAuthorizeHandler>();
builder.Services.AddSallaEventHandler<SmsHandler>();

var app = builder.Build();

app.MapSallaWebhooks("/webhooks/salla");
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

            scripts/send-example.sh ../shared/salla/examples/order.created.json

        or by hand:

            body=../shared/salla/examples/order.created.json
            sig=$(openssl dgst -sha256 -hmac '{DevSecret}' < "$body" | sed 's/^.*= //')
            curl -i -H 'Content-Type: application/json' -H 'X-Salla-Security-Strategy: Signature' -H "X-Salla-Signature: $sig" --data-binary @"$body" {url}

        Press Ctrl+C to stop.

        """);
});

app.Run();

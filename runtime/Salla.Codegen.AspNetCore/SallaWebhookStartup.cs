using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.AspNetCore;

// Resolving the authenticator reads (and so validates) the options and logs the warning about
// unverified requests once, when the host starts rather than on the first delivery.
internal sealed class SallaWebhookStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<SallaWebhookAuthenticator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

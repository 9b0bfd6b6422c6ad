using System;
using Microsoft.Extensions.DependencyInjection;

namespace Salla.Codegen.AspNetCore;

/// <summary>
/// What <c>AddSallaWebhooks</c> returns: the service collection the receiver was added to, and the
/// type that extensions configuring the receiver (such as <c>UseEntityFrameworkInbox</c>) extend,
/// as <c>IHealthChecksBuilder</c> and <c>IHttpClientBuilder</c> do.
/// </summary>
public interface ISallaWebhookBuilder
{
    /// <summary>The service collection the receiver is registered in.</summary>
    IServiceCollection Services { get; }
}

internal sealed class SallaWebhookBuilder(IServiceCollection services) : ISallaWebhookBuilder
{
    public IServiceCollection Services { get; } = services ?? throw new ArgumentNullException(nameof(services));
}

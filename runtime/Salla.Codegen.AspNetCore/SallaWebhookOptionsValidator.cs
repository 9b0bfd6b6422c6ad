using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.AspNetCore;

/// <summary>
/// Checks <see cref="SallaWebhookOptions"/> when the host starts: a secret unless unverified
/// requests are allowed, a positive body limit and body read timeout, an <see cref="ISallaInbox"/>
/// registered when the inbox is on.
/// </summary>
public sealed class SallaWebhookOptionsValidator : IValidateOptions<SallaWebhookOptions>
{
    private readonly IServiceProviderIsService? _isService;

    /// <summary>Creates the validator; <paramref name="services"/> tells whether an inbox is registered.</summary>
    public SallaWebhookOptionsValidator(IServiceProvider services)
    {
        _isService = services?.GetService<IServiceProviderIsService>();
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SallaWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new System.Collections.Generic.List<string>(options.Validate());
        if (options.UseInbox && _isService is not null && !_isService.IsService(typeof(ISallaInbox)))
        {
            errors.Add("Salla:Webhooks:UseInbox is on but no ISallaInbox is registered: register the app's inbox (services.AddSingleton<ISallaInbox, MyInbox>()).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

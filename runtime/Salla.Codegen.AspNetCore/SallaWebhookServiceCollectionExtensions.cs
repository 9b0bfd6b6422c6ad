using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.AspNetCore;

/// <summary>Registers the Salla webhook receiver and Salla event handlers.</summary>
public static class SallaWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the receiver with options bound from the <c>Salla:Webhooks</c> section of
    /// <paramref name="configuration"/> (the app's configuration root) and validated at start-up.
    /// </summary>
    /// <typeparam name="TDispatcher">The generated <c>SallaEventDispatcher</c>; registered scoped, so handlers can be scoped.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding a <c>Salla:Webhooks</c> section.</param>
    /// <returns>A builder for receiver extensions such as an inbox; its <see cref="ISallaWebhookBuilder.Services"/> is <paramref name="services"/>.</returns>
    public static ISallaWebhookBuilder AddSallaWebhooks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDispatcher>(
        this IServiceCollection services,
        IConfiguration configuration)
        where TDispatcher : class, ISallaEventDispatcher
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SallaWebhookOptions.ConfigurationSection);
        services.AddOptions<SallaWebhookOptions>().Configure(options => section.Bind(options));
        return AddCore<TDispatcher>(services);
    }

    /// <summary>
    /// Registers the receiver. Options come from the <c>Salla:Webhooks</c> section of the app's
    /// <see cref="IConfiguration"/> when there is one, then from <paramref name="configure"/>;
    /// they are validated at start-up.
    /// </summary>
    /// <typeparam name="TDispatcher">The generated <c>SallaEventDispatcher</c>; registered scoped, so handlers can be scoped.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>A builder for receiver extensions such as an inbox; its <see cref="ISallaWebhookBuilder.Services"/> is <paramref name="services"/>.</returns>
    public static ISallaWebhookBuilder AddSallaWebhooks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDispatcher>(
        this IServiceCollection services,
        Action<SallaWebhookOptions>? configure = null)
        where TDispatcher : class, ISallaEventDispatcher
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IConfigureOptions<SallaWebhookOptions>>(sp => new BindAppConfiguration(sp.GetService<IConfiguration>()));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return AddCore<TDispatcher>(services);
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped) for every Salla handler interface it
    /// implements: the generated <c>I…Handler</c> interfaces, <see cref="ISallaAnyEventHandler"/>
    /// and <see cref="ISallaUnknownEventHandler"/>. One instance per request serves all of them.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="THandler"/> implements none of them.</exception>
    public static IServiceCollection AddSallaEventHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.Interfaces)] THandler>(
        this IServiceCollection services)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HandlerRegistration<THandler>)))
        {
            return services;
        }

        var interfaces = HandlerInterfaces(typeof(THandler));
        if (interfaces.Count == 0)
        {
            throw new InvalidOperationException(
                $"{typeof(THandler).FullName} implements no Salla handler interface: implement a generated I…Handler interface (such as IOrderCreatedHandler), ISallaAnyEventHandler or ISallaUnknownEventHandler. " +
                "ISallaEventHandler<TEvent> alone is not enough: the dispatcher resolves the generated interfaces.");
        }

        services.TryAddScoped<THandler>();
        foreach (var handlerInterface in interfaces)
        {
            services.AddScoped(handlerInterface, static sp => sp.GetRequiredService<THandler>());
        }

        services.AddSingleton(new HandlerRegistration<THandler>());
        return services;
    }

    private static ISallaWebhookBuilder AddCore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDispatcher>(IServiceCollection services)
        where TDispatcher : class, ISallaEventDispatcher
    {
        services.AddOptions<SallaWebhookOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SallaWebhookOptions>, SallaWebhookOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new SallaWebhookMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ISallaDeliveryStore>(static sp => new InMemorySallaDeliveryStore(Options(sp), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(static sp => new SallaWebhookAuthenticator(Options(sp), Logger(sp)));

        services.TryAddScoped<TDispatcher>();
        services.TryAddScoped<ISallaEventDispatcher>(static sp => sp.GetRequiredService<TDispatcher>());
        services.TryAddScoped(static sp => new SallaDeliveryDispatcher(
            sp.GetRequiredService<ISallaEventDispatcher>(),
            sp.GetService<ILogger<SallaDeliveryDispatcher>>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<SallaWebhookMetrics>()));
        services.TryAddScoped(static sp =>
        {
            var options = Options(sp);
            return new SallaWebhookProcessor(
                options,
                sp.GetRequiredService<SallaWebhookAuthenticator>(),
                sp.GetRequiredService<ISallaEventDispatcher>(),
                options.Deduplication ? sp.GetRequiredService<ISallaDeliveryStore>() : null,
                options.UseInbox ? sp.GetRequiredService<ISallaInbox>() : null,
                // The container's singleton logger: a factory's CreateLogger per request takes a lock and allocates.
                sp.GetService<ILogger<SallaWebhookProcessor>>(),
                sp.GetService<TimeProvider>(),
                sp.GetRequiredService<SallaWebhookMetrics>());
        });

        // Builds the authenticator while the host starts, so a misconfiguration fails then and
        // the warning about unverified requests is logged once, at start-up.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SallaWebhookStartup>());
        return new SallaWebhookBuilder(services);
    }

    private static SallaWebhookOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SallaWebhookOptions>>().Value;

    private static ILogger? Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<SallaWebhookProcessor>();

    private static List<Type> HandlerInterfaces([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] Type handlerType)
    {
        var all = handlerType.GetInterfaces();

        // The closed ISallaEventHandler<TEvent> the type implements, through the generated interfaces.
        var eventHandlers = all.Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISallaEventHandler<>)).ToList();
        var result = new List<Type>();
        foreach (var candidate in all)
        {
            if (candidate == typeof(ISallaAnyEventHandler) || candidate == typeof(ISallaUnknownEventHandler)
                || (!candidate.IsGenericType && eventHandlers.Any(e => e.IsAssignableFrom(candidate))))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private sealed class HandlerRegistration<THandler>
    {
    }

    private sealed class BindAppConfiguration(IConfiguration? configuration) : IConfigureOptions<SallaWebhookOptions>
    {
        public void Configure(SallaWebhookOptions options)
        {
            // A container without IConfiguration (a console app, a test) simply has nothing to bind.
            configuration?.GetSection(SallaWebhookOptions.ConfigurationSection).Bind(options);
        }
    }
}

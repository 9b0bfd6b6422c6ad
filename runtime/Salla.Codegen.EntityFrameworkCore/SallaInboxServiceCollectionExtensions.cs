using System;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>Wires the Entity Framework Core inbox into the webhook receiver.</summary>
public static class SallaInboxServiceCollectionExtensions
{
    /// <summary>
    /// Stores every verified delivery in <typeparamref name="TContext"/>'s inbox table before
    /// answering Salla, and dispatches it from a background worker. Turns
    /// <see cref="SallaWebhookOptions.UseInbox"/> on; registers <see cref="ISallaInbox"/>,
    /// <see cref="ISallaInboxAdmin"/>, the worker and the <see cref="SallaInboxHealthCheck"/>.
    /// Options come from the <c>Salla:Inbox</c> section of the app's configuration, then from
    /// <paramref name="configure"/>; they are validated at start-up.
    /// </summary>
    /// <typeparam name="TContext">The app's context, registered with <c>AddDbContext</c>, whose <c>OnModelCreating</c> calls <c>modelBuilder.AddSallaInbox()</c>.</typeparam>
    /// <param name="builder">What <c>AddSallaWebhooks</c> returned.</param>
    /// <param name="configure">Sets inbox options in code, after configuration.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static ISallaWebhookBuilder UseEntityFrameworkInbox<TContext>(this ISallaWebhookBuilder builder, Action<SallaInboxOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.Configure<SallaWebhookOptions>(options => options.UseInbox = true);
        services.AddOptions<SallaInboxOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SallaInboxOptions>, SallaInboxOptionsValidator>());
        services.AddSingleton<IConfigureOptions<SallaInboxOptions>>(sp => new BindInboxConfiguration(sp.GetService<IConfiguration>()));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.ConfigureDbContext<TContext>(options => options.AddInterceptors(SqliteBusyTimeoutInterceptor.Instance));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SallaInboxMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<SallaInboxSignal>();

        // One inbox per receiver: this one replaces any registered before.
        services.RemoveAll<ISallaInbox>();
        services.AddSingleton<ISallaInbox, EntityFrameworkSallaInbox<TContext>>();
        services.RemoveAll<ISallaInboxAdmin>();
        services.AddSingleton<ISallaInboxAdmin, EntityFrameworkSallaInboxAdmin<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SallaInboxHostedWorker<TContext>>());
        services.AddHealthChecks().AddCheck<SallaInboxHealthCheck>(SallaInboxHealthCheck.Name, tags: new[] { "salla", "inbox" });
        return builder;
    }

    /// <summary>
    /// Creates <typeparamref name="TContext"/>'s schema, inbox table included, when the database
    /// has none (<c>EnsureCreated</c>), and on SQLite turns on write-ahead logging so reading does
    /// not wait for writing. For samples and tests; an app with migrations applies those instead.
    /// </summary>
    public static async Task EnsureSallaInboxCreatedAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.GetDbConnection() is SqliteConnection)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class BindInboxConfiguration(IConfiguration? configuration) : IConfigureOptions<SallaInboxOptions>
    {
        public void Configure(SallaInboxOptions options) =>
            configuration?.GetSection(SallaInboxOptions.ConfigurationSection).Bind(options);
    }
}

/// <summary>
/// Checks at start-up that the inbox can work, so a receiver never acknowledges a delivery it
/// cannot dispatch: a Native AOT app (Entity Framework Core needs dynamic code for the inbox's
/// queries), a provider other than SQLite or PostgreSQL, or a database without the inbox table stop
/// the host with what to do. A database that cannot be reached yet is only logged: receives answer
/// 500 until it can, and Salla retries. Then runs the worker unless <see cref="SallaInboxOptions.RunWorker"/>
/// is off (a receive-only instance).
/// </summary>
internal sealed class SallaInboxHostedWorker<TContext>(IServiceProvider services, IOptions<SallaInboxOptions> options, ILogger<SallaInboxHostedWorker<TContext>> logger) : IHostedService, IDisposable
    where TContext : DbContext
{
    private SallaInboxWorker<TContext>? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new InvalidOperationException(
                "The Salla inbox (Salla.Codegen.EntityFrameworkCore) cannot run in a Native AOT app: Entity Framework Core runs the inbox's queries with dynamic code, which Native AOT does not have. " +
                "Publish this app without PublishAot, or leave UseEntityFrameworkInbox out (the receiver then deduplicates in memory and dispatches before answering).");
        }

        await CheckDatabaseAsync(cancellationToken).ConfigureAwait(false);
        if (!options.Value.RunWorker)
        {
            return;
        }

        _worker = ActivatorUtilities.CreateInstance<SallaInboxWorker<TContext>>(services);
        await _worker.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _worker?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _worker?.Dispose();

    private async Task CheckDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        // Throws for a provider the inbox does not support, and for a context without the inbox in its model.
        var sql = SallaInboxSql.For(db);
        try
        {
            await sql.StatsAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SallaInboxSql.IsMissingTable(ex))
        {
            throw new InvalidOperationException(SallaInboxSql.MissingTableHint, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SallaInboxLog.DatabaseUnreachableAtStart(logger, ex);
        }
    }
}

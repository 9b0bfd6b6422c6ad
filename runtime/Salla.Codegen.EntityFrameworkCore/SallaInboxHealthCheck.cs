using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// Reports a stalled inbox: Degraded when the oldest pending delivery is older than
/// <see cref="SallaInboxOptions.DegradedAfter"/>, Unhealthy past <see cref="SallaInboxOptions.UnhealthyAfter"/>
/// or when the database cannot be read. Registered as <c>salla-inbox</c> by <c>UseEntityFrameworkInbox</c>;
/// expose it with <c>app.MapHealthChecks("/healthz")</c>.
/// </summary>
public sealed class SallaInboxHealthCheck : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "salla-inbox";

    private readonly ISallaInboxAdmin _admin;
    private readonly SallaInboxOptions _options;

    /// <summary>Creates the check.</summary>
    public SallaInboxHealthCheck(ISallaInboxAdmin admin, IOptions<SallaInboxOptions> options)
    {
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SallaInboxStats stats;
        try
        {
            stats = await _admin.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(SallaInboxSql.IsMissingTable(ex) ? SallaInboxSql.MissingTableHint : "The Salla inbox's database cannot be read.", ex);
        }

        var age = stats.OldestPendingAge ?? TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["pending"] = stats.Pending,
            ["dead_lettered"] = stats.DeadLettered,
            ["oldest_pending_age_seconds"] = Math.Round(age.TotalSeconds, 1),
        };
        var description = string.Create(CultureInfo.InvariantCulture, $"{stats.Pending} pending, oldest {age.TotalSeconds:0} s; {stats.DeadLettered} dead-lettered");
        if (age > _options.UnhealthyAfter)
        {
            return HealthCheckResult.Unhealthy("The Salla inbox is stalled: " + description, data: data);
        }

        return age > _options.DegradedAfter
            ? HealthCheckResult.Degraded("The Salla inbox is falling behind: " + description, data: data)
            : HealthCheckResult.Healthy(description, data);
    }
}

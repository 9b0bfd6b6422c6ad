using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>How the inbox worker dispatches, retries, dead-letters and prunes deliveries; bound from <c>Salla:Inbox</c>.</summary>
public sealed class SallaInboxOptions
{
    /// <summary>The configuration section bound: <c>Salla:Inbox</c>.</summary>
    public const string ConfigurationSection = "Salla:Inbox";

    /// <summary>
    /// The shortest <see cref="Retention"/> allowed, one hour: Salla retries a delivery 3 times
    /// about 5 minutes apart, and a processed key forgotten before the last retry would be
    /// dispatched again.
    /// </summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(1);

    /// <summary>Whether this instance runs the dispatch worker. Off for an instance that only receives (the deliveries wait for one that dispatches).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>
    /// How many times a delivery is claimed before it is dead-lettered: attempts whose handler failed and
    /// attempts whose lease was lost (the worker died) both count. Defaults to 8.
    /// </summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry; it doubles with each further attempt. Defaults to 10 seconds.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts. Defaults to 15 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a claim holds a delivery without being renewed. The worker renews the lease of each
    /// delivery it holds every third of this, so a handler may run longer; a worker that dies holding
    /// it (a crash, a killed replica) delays it by this much plus the attempt's backoff. Defaults to 2 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle worker looks for due deliveries. Deliveries received by this instance wake it at once. Defaults to 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many deliveries one claim takes at most; a worker claims when it holds fewer than it has free slots (<see cref="MaxConcurrency"/>). Defaults to 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>How many claimed deliveries one worker dispatches at once. Defaults to 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Whether the handlers run inside a transaction of the scope's <c>DbContext</c> that also marks
    /// the delivery processed: what a handler writes through that context (saved or only added)
    /// commits together with the mark, or not at all. On by default. Off, the marks of deliveries
    /// finished at about the same time share one statement and one commit.
    /// </summary>
    public bool TransactionalHandlers { get; set; } = true;

    /// <summary>
    /// How long a processed delivery's row (and so its key) is kept: a redelivery within this
    /// window is acknowledged without dispatch. At least <see cref="MinimumRetention"/>; defaults to 24 hours.
    /// Dead-lettered deliveries are kept until replayed.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the worker deletes processed deliveries older than <see cref="Retention"/>. Defaults to 5 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the worker refreshes the depth and age gauges. Defaults to 10 seconds.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The health check reports Degraded when the oldest pending delivery is older than this. Defaults to 5 minutes.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The health check reports Unhealthy when the oldest pending delivery is older than this. Defaults to 30 minutes.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"Salla:Inbox:{name} must be positive.");
            }
        }

        if (MaxAttempts < 1)
        {
            errors.Add("Salla:Inbox:MaxAttempts must be at least 1.");
        }

        if (BatchSize is < 1 or > 1000)
        {
            errors.Add("Salla:Inbox:BatchSize must be between 1 and 1000.");
        }

        if (MaxConcurrency < 1)
        {
            errors.Add("Salla:Inbox:MaxConcurrency must be at least 1.");
        }

        Positive(InitialRetryDelay, nameof(InitialRetryDelay));
        Positive(LeaseDuration, nameof(LeaseDuration));
        Positive(PollInterval, nameof(PollInterval));
        Positive(PruneInterval, nameof(PruneInterval));
        Positive(MetricsInterval, nameof(MetricsInterval));
        Positive(DegradedAfter, nameof(DegradedAfter));
        if (MaxRetryDelay < InitialRetryDelay)
        {
            errors.Add("Salla:Inbox:MaxRetryDelay must be at least InitialRetryDelay.");
        }

        if (UnhealthyAfter < DegradedAfter)
        {
            errors.Add("Salla:Inbox:UnhealthyAfter must be at least DegradedAfter.");
        }

        if (Retention < MinimumRetention)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Salla:Inbox:Retention must be at least {MinimumRetention.TotalHours:0.#} hour(s): Salla retries a delivery 3 times about 5 minutes apart, and a key forgotten before its last retry would be dispatched twice."));
        }

        return errors;
    }
}

/// <summary>Checks <see cref="SallaInboxOptions"/> when the host starts.</summary>
internal sealed class SallaInboxOptionsValidator : IValidateOptions<SallaInboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SallaInboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

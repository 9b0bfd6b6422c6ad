using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The inbox's operations from a command line, for an app that passes its arguments through:
/// <c>inbox stats</c>, <c>inbox list-dead [LIMIT]</c>, <c>inbox list-pending [LIMIT]</c>,
/// <c>inbox replay KEY</c>, <c>inbox replay-all</c>.
/// </summary>
public static class SallaInboxCommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: inbox stats                  pending and dead-lettered counts, oldest pending age
               inbox list-dead [LIMIT]      dead-lettered deliveries, oldest first, with their last error
               inbox list-pending [LIMIT]   pending deliveries
               inbox replay KEY             make a dead-lettered delivery pending again
               inbox replay-all             make every dead-lettered delivery pending again
        """;

    /// <summary>
    /// Runs the inbox command in <paramref name="args"/> when it starts with <c>inbox</c>, against
    /// the app's <see cref="ISallaInboxAdmin"/>, and returns its exit code; returns null for any other
    /// arguments (start the app as usual then).
    /// </summary>
    public static async Task<int?> TryRunSallaInboxCommandAsync(this IServiceProvider services, string[] args, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "inbox")
        {
            return null;
        }

        output ??= Console.Out;
        var admin = services.GetRequiredService<ISallaInboxAdmin>();
        var command = args.Length > 1 ? args[1] : "";
        var argument = args.Length > 2 ? args[2] : null;
        switch (command)
        {
            case "stats":
                var stats = await admin.GetStatsAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pending: {stats.Pending}, dead-lettered: {stats.DeadLettered}, oldest pending: {(stats.OldestPendingAge is { } age ? $"{age.TotalSeconds:0} s" : "none")}")).ConfigureAwait(false);
                return 0;
            case "list-dead" or "list-pending":
                if (!TryLimit(argument, out var limit))
                {
                    break;
                }

                var state = command == "list-dead" ? SallaInboxDeliveryState.DeadLettered : SallaInboxDeliveryState.Pending;
                var entries = await admin.ListAsync(state, limit, cancellationToken).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    var firstErrorLine = entry.LastError?.Split('\n', 2)[0].TrimEnd();
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{entry.DeliveryKey}  {entry.EventName}  received {entry.ReceivedAt:u}  attempts {entry.Attempts}{(firstErrorLine is null ? "" : "  " + firstErrorLine)}")).ConfigureAwait(false);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{entries.Count} {(state == SallaInboxDeliveryState.DeadLettered ? "dead-lettered" : "pending")} deliver{(entries.Count == 1 ? "y" : "ies")}")).ConfigureAwait(false);
                return 0;
            case "replay" when !string.IsNullOrEmpty(argument):
                if (await admin.ReplayAsync(argument, cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteLineAsync($"replayed {argument}: pending again, the worker dispatches it next").ConfigureAwait(false);
                    return 0;
                }

                await output.WriteLineAsync($"no dead-lettered delivery {argument}").ConfigureAwait(false);
                return 1;
            case "replay-all":
                var count = await admin.ReplayAllDeadLetteredAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"replayed {count} dead-lettered deliver{(count == 1 ? "y" : "ies")}")).ConfigureAwait(false);
                return 0;
        }

        await output.WriteLineAsync(Usage).ConfigureAwait(false);
        return 2;
    }

    private static bool TryLimit(string? text, out int limit)
    {
        limit = 100;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit > 0);
    }
}

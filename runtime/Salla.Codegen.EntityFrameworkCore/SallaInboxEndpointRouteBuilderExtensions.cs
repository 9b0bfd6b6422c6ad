using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>Maps the inbox's operations as HTTP endpoints.</summary>
public static class SallaInboxEndpointRouteBuilderExtensions
{
    /// <summary>The default prefix: <c>/salla/inbox</c>.</summary>
    public const string DefaultPrefix = "/salla/inbox";

    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>GET stats</c>; <c>GET deliveries?state=dead|pending|processed&amp;limit=N</c>
    /// (JSON, without bodies); <c>POST deliveries/{key}/replay</c> (404 unless it is dead-lettered);
    /// <c>POST dead-letters/replay</c>. Nothing here is protected: put the returned group behind
    /// the app's own authorization (<c>.RequireAuthorization("ops")</c>) or do not map it.
    /// </summary>
    public static RouteGroupBuilder MapSallaInboxAdmin(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/stats", new RequestDelegate(StatsAsync));
        group.MapGet("/deliveries", new RequestDelegate(ListAsync));
        group.MapPost("/deliveries/{key}/replay", new RequestDelegate(ReplayAsync));
        group.MapPost("/dead-letters/replay", new RequestDelegate(ReplayAllAsync));
        return group;
    }

    private static async Task StatsAsync(HttpContext context)
    {
        var stats = await Admin(context).GetStatsAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, writer => SallaInboxJson.Write(writer, stats)).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context)
    {
        if (!SallaInboxJson.TryParseState(context.Request.Query["state"].ToString(), out var state))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("state must be dead, pending or processed", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var parsed) ? Math.Clamp(parsed, 1, 1000) : 100;
        var entries = await Admin(context).ListAsync(state, limit, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, writer => SallaInboxJson.Write(writer, entries)).ConfigureAwait(false);
    }

    private static async Task ReplayAsync(HttpContext context)
    {
        var key = context.Request.RouteValues["key"] as string ?? "";
        var replayed = await Admin(context).ReplayAsync(key, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = replayed ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        await context.Response.WriteAsync(replayed ? "replayed" : "no dead-lettered delivery with that key", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ReplayAllAsync(HttpContext context)
    {
        var replayed = await Admin(context).ReplayAllDeadLetteredAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("replayed", replayed);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static ISallaInboxAdmin Admin(HttpContext context) => context.RequestServices.GetRequiredService<ISallaInboxAdmin>();

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The admin API's JSON, written by hand so nothing needs reflection.</summary>
internal static class SallaInboxJson
{
    public static bool TryParseState(string? text, out SallaInboxDeliveryState state)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "dead" or "dead-lettered" or "deadlettered":
                state = SallaInboxDeliveryState.DeadLettered;
                return true;
            case "pending":
                state = SallaInboxDeliveryState.Pending;
                return true;
            case "processed":
                state = SallaInboxDeliveryState.Processed;
                return true;
            default:
                state = default;
                return false;
        }
    }

    public static void Write(Utf8JsonWriter writer, SallaInboxStats stats)
    {
        writer.WriteStartObject();
        writer.WriteNumber("pending", stats.Pending);
        writer.WriteNumber("deadLettered", stats.DeadLettered);
        if (stats.OldestPendingReceivedAt is { } oldest)
        {
            writer.WriteString("oldestPendingReceivedAt", oldest);
            writer.WriteNumber("oldestPendingAgeSeconds", Math.Round(stats.OldestPendingAge!.Value.TotalSeconds, 1));
        }

        writer.WriteString("measuredAt", stats.MeasuredAt);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<SallaInboxDelivery> entries)
    {
        writer.WriteStartArray();
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("deliveryKey", entry.DeliveryKey);
            writer.WriteString("event", entry.EventName);
            writer.WriteString("state", entry.State.ToString());
            writer.WriteNumber("attempts", entry.Attempts);
            writer.WriteString("receivedAt", entry.ReceivedAt);
            writer.WriteString("nextAttemptAt", entry.NextAttemptAt);
            if (entry.CompletedAt is { } completed)
            {
                writer.WriteString("completedAt", completed);
            }

            if (entry.LastError is { } error)
            {
                writer.WriteString("lastError", error);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

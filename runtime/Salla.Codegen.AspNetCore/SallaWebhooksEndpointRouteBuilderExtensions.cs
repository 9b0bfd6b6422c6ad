using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.AspNetCore;

/// <summary>Maps the Salla webhook endpoint.</summary>
public static class SallaWebhooksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to the receiver: the body is read up to
    /// <see cref="SallaWebhookOptions.MaxBodyBytes"/> (413 beyond, without reading the rest), then
    /// authenticated, deduplicated and dispatched in the request's DI scope; the answer is the
    /// status with a short <c>text/plain</c> reason.
    /// </summary>
    /// <returns>The endpoint's builder, for <c>RequireHost</c>, <c>WithName</c>, rate limiting and the like.</returns>
    /// <exception cref="InvalidOperationException"><c>AddSallaWebhooks</c> was not called.</exception>
    public static IEndpointConventionBuilder MapSallaWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = SallaWebhookOptions.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(SallaWebhookProcessor)))
        {
            throw new InvalidOperationException("Call services.AddSallaWebhooks<SallaEventDispatcher>() before app.MapSallaWebhooks().");
        }

        // The RequestDelegate overload: no delegate inference, so nothing here needs reflection.
        return endpoints.MapPost(pattern, new RequestDelegate(HandleAsync)).WithDisplayName("Salla webhooks");
    }

    // A declared length up to this is taken as the first buffer size; a larger one is only an upper
    // bound, so a client that declares 1 MiB and sends 9 bytes holds a few KiB, not 1 MiB.
    private const int DeclaredLengthHintBytes = 16 * 1024;
    private const int InitialBufferBytes = 4 * 1024;

    private enum BodyStatus
    {
        Complete,
        TooLarge,
        TimedOut,
        Incomplete,
        Aborted,
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var processor = context.RequestServices.GetRequiredService<SallaWebhookProcessor>();
        var request = context.Request;
        var limit = processor.MaxBodyBytes;

        // Lets the server stop an over-long body itself (and not drain one declared too long after
        // the 413), and lifts its own default (30 MB on Kestrel) when the configured limit is higher.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        SallaWebhookResult result;
        if (request.ContentLength > limit)
        {
            result = processor.RefuseTooLarge(request.ContentLength);
            CloseAfterResponse(context);
        }
        else
        {
            var (status, body, received) = await ReadBodyAsync(context, limit, processor.BodyReadTimeout).ConfigureAwait(false);
            switch (status)
            {
                case BodyStatus.Complete:
                    result = await processor.ProcessAsync(
                        new SallaWebhookRequest(
                            body,
                            Header(request.Headers[SallaWebhookRequest.SignatureHeader]),
                            Header(request.Headers[SallaWebhookRequest.SecurityStrategyHeader]),
                            Header(request.Headers.Authorization)),
                        context.RequestAborted).ConfigureAwait(false);
                    break;
                case BodyStatus.TooLarge:
                    result = processor.RefuseTooLarge(request.ContentLength ?? received);
                    break;
                case BodyStatus.TimedOut:
                    result = processor.RefuseSlowBody(received);
                    break;
                case BodyStatus.Incomplete:
                    result = processor.RefuseIncompleteBody(received, request.ContentLength);
                    break;
                default:
                    // The client is gone: there is no one to answer.
                    return;
            }

            if (status is not BodyStatus.Complete)
            {
                CloseAfterResponse(context);
            }
        }

        var response = context.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(result.Reason, context.RequestAborted).ConfigureAwait(false);
    }

    // The rest of the body was never read: rather than have the server drain (or wait for) it,
    // the connection ends after the answer. HTTP/2 and later end just the stream, and forbid the header.
    private static void CloseAfterResponse(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    // Several values of one header are joined with commas, which no signature or token matches.
    private static string? Header(StringValues values) => values.Count == 0 ? null : values.ToString();

    /// <summary>
    /// Reads the body into an array of its own (the parsed event keeps it as its raw body, and an
    /// inbox may keep it after the request). Memory follows the bytes that arrived, not the declared
    /// length: a pooled buffer grows as they come, up to <paramref name="limit"/> (one byte past it
    /// means 413) or the declared length, whichever is smaller. The whole read must finish within
    /// <paramref name="timeout"/>.
    /// </summary>
    private static async Task<(BodyStatus Status, ReadOnlyMemory<byte> Body, long Received)> ReadBodyAsync(HttpContext context, long limit, TimeSpan timeout)
    {
        var declared = context.Request.ContentLength;
        var cap = declared ?? limit + 1;
        // A small declared length is read straight into the array the event keeps: no copy. Anything
        // else grows in pooled buffers and is copied out once complete.
        var exact = declared is { } small && small > 0 && small <= DeclaredLengthHintBytes;
        var buffer = exact ? new byte[(int)declared!.Value] : ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialBufferBytes, Math.Max(1, cap)));
        var total = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        var stream = context.Request.Body;
        try
        {
            while (declared is null || total < declared)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    return (BodyStatus.TooLarge, default, total);
                }
            }

            // Kestrel reports a short body itself (below); a server that simply ends the stream early lands here.
            return declared > total
                ? (BodyStatus.Incomplete, default, total)
                : (BodyStatus.Complete, exact ? buffer : buffer.AsSpan(0, total).ToArray(), total);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            return (BodyStatus.Aborted, default, total);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (BodyStatus.TimedOut, default, total);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own verdicts on the body: over its size limit, under its minimum data
            // rate, or ended before the declared length / a broken chunk.
            return ex.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => (BodyStatus.TooLarge, default, total),
                StatusCodes.Status408RequestTimeout => (BodyStatus.TimedOut, default, total),
                _ => (BodyStatus.Incomplete, default, total),
            };
        }
        catch (IOException)
        {
            // The transport failed (a reset connection): the client is gone as well.
            return (BodyStatus.Aborted, default, total);
        }
        finally
        {
            if (!exact)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

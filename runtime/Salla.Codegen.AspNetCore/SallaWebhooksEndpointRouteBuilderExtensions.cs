using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
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
    /// <summary>The default path: <c>/webhooks/salla</c>.</summary>
    public const string DefaultPattern = "/webhooks/salla";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to the receiver: the body is read up to
    /// <see cref="SallaWebhookOptions.MaxBodyBytes"/> (413 beyond, without reading the rest), then
    /// authenticated, deduplicated and dispatched in the request's DI scope; the answer is the
    /// status with a short <c>text/plain</c> reason.
    /// </summary>
    /// <returns>The endpoint's builder, for <c>RequireHost</c>, <c>WithName</c>, rate limiting and the like.</returns>
    /// <exception cref="InvalidOperationException"><c>AddSallaWebhooks</c> was not called.</exception>
    public static IEndpointConventionBuilder MapSallaWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPattern)
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

    private static async Task HandleAsync(HttpContext context)
    {
        var processor = context.RequestServices.GetRequiredService<SallaWebhookProcessor>();
        var request = context.Request;
        var limit = processor.MaxBodyBytes;

        SallaWebhookResult result;
        if (request.ContentLength > limit)
        {
            result = processor.RefuseTooLarge(request.ContentLength);
        }
        else
        {
            var body = await ReadBodyAsync(context, limit, context.RequestAborted).ConfigureAwait(false);
            result = body is null
                ? processor.RefuseTooLarge(request.ContentLength)
                : await processor.ProcessAsync(
                    new SallaWebhookRequest(
                        body.Value,
                        Header(request.Headers[SallaWebhookRequest.SignatureHeader]),
                        Header(request.Headers[SallaWebhookRequest.SecurityStrategyHeader]),
                        Header(request.Headers.Authorization)),
                    context.RequestAborted).ConfigureAwait(false);
        }

        var response = context.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(result.Reason, context.RequestAborted).ConfigureAwait(false);
    }

    // Several values of one header are joined with commas, which no signature or token matches.
    private static string? Header(StringValues values) => values.Count == 0 ? null : values.ToString();

    /// <summary>
    /// Reads the body into an array of its own (the parsed event keeps it as its raw body, and an
    /// inbox may keep it after the request), or returns null as soon as it is over <paramref name="limit"/>.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        // Lets the server stop an over-long body itself, and lifts its own default (30 MB on
        // Kestrel) when the configured limit is higher.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var stream = context.Request.Body;
        try
        {
            if (context.Request.ContentLength is { } length)
            {
                var exact = new byte[length];
                var filled = 0;
                while (filled < exact.Length)
                {
                    var read = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                return exact.AsMemory(0, filled);
            }

            // Chunked: grow a pooled buffer, stopping one byte past the limit.
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            var total = 0;
            try
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Max(limit + 1, buffer.Length + 1L)));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer.AsSpan(0, total).ToArray();
                    }

                    total += read;
                    if (total > limit)
                    {
                        return null;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}

using System;
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
public static class SallaWebhookEndpointRouteBuilderExtensions
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
            var (status, body, received) = await SallaWebhookBodyReader.ReadAsync(context, limit, processor.BodyReadTimeout).ConfigureAwait(false);
            switch (status)
            {
                case SallaWebhookBodyReader.BodyStatus.Complete:
                    result = await processor.ProcessAsync(
                        new SallaWebhookRequest(
                            body,
                            Header(request.Headers[SallaWebhookRequest.SignatureHeader]),
                            Header(request.Headers[SallaWebhookRequest.SecurityStrategyHeader]),
                            Header(request.Headers.Authorization)),
                        context.RequestAborted).ConfigureAwait(false);
                    break;
                case SallaWebhookBodyReader.BodyStatus.TooLarge:
                    result = processor.RefuseTooLarge(request.ContentLength ?? received);
                    break;
                case SallaWebhookBodyReader.BodyStatus.TimedOut:
                    result = processor.RefuseSlowBody(received);
                    break;
                case SallaWebhookBodyReader.BodyStatus.Incomplete:
                    result = processor.RefuseIncompleteBody(received, request.ContentLength);
                    break;
                default:
                    // The client is gone: there is no one to answer.
                    return;
            }

            if (status is not SallaWebhookBodyReader.BodyStatus.Complete)
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
}

using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.Testing;

/// <summary>
/// Posts a webhook to a receiver as Salla does, signed by a <see cref="SallaWebhookSigner"/>; works with
/// any <see cref="HttpClient"/>, such as <c>WebApplicationFactory&lt;T&gt;.CreateClient()</c> or a TestServer's client.
/// </summary>
public static class SallaHttpClientExtensions
{
    /// <summary>Posts <paramref name="body"/>, exactly these bytes, signed by <paramref name="signer"/>.</summary>
    /// <param name="client">The client; a relative <paramref name="path"/> is resolved against its base address.</param>
    /// <param name="body">The webhook body, UTF-8 JSON, such as <see cref="SallaExamples.Get"/> gives.</param>
    /// <param name="signer">Signs as the receiver's configured strategy and secret expect.</param>
    /// <param name="path">Where the receiver listens; <see cref="SallaWebhookOptions.DefaultPath"/> unless it maps another.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The receiver's response; the caller disposes it.</returns>
    public static Task<HttpResponseMessage> PostSallaWebhookAsync(this HttpClient client, ReadOnlyMemory<byte> body, SallaWebhookSigner signer, string path = SallaWebhookOptions.DefaultPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(path);
        return SendAsync(client, signer.CreateRequest(path, body), cancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="event"/> as written now by <see cref="SallaObject.ToJson"/> (so a change made to it
    /// after it was read is sent), signed by <paramref name="signer"/>.
    /// </summary>
    /// <param name="client">The client; a relative <paramref name="path"/> is resolved against its base address.</param>
    /// <param name="event">The event, such as one from <c>SallaTestEvents</c>.</param>
    /// <param name="signer">Signs as the receiver's configured strategy and secret expect.</param>
    /// <param name="path">Where the receiver listens; <see cref="SallaWebhookOptions.DefaultPath"/> unless it maps another.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The receiver's response; the caller disposes it.</returns>
    public static Task<HttpResponseMessage> PostSallaWebhookAsync(this HttpClient client, SallaEvent @event, SallaWebhookSigner signer, string path = SallaWebhookOptions.DefaultPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return client.PostSallaWebhookAsync(@event.ToJson(), signer, path, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}

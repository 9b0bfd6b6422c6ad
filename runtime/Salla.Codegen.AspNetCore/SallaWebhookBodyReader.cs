using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Salla.Codegen.AspNetCore;

/// <summary>How the endpoint reads a webhook body: bounded in size and time, memory following the bytes that arrive.</summary>
internal static class SallaWebhookBodyReader
{
    // A declared length up to this is taken as the first buffer size; a larger one is only an upper
    // bound, so a client that declares 1 MiB and sends 9 bytes holds a few KiB, not 1 MiB.
    private const int DeclaredLengthHintBytes = 16 * 1024;
    private const int InitialBufferBytes = 4 * 1024;

    public enum BodyStatus
    {
        Complete,
        TooLarge,
        TimedOut,
        Incomplete,
        Aborted,
    }

    /// <summary>
    /// Reads the body into an array of its own (the parsed event keeps it as its raw body, and an
    /// inbox may keep it after the request). Memory follows the bytes that arrived, not the declared
    /// length: a pooled buffer grows as they come, up to <paramref name="limit"/> (one byte past it
    /// means 413) or the declared length, whichever is smaller. The whole read must finish within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(BodyStatus Status, ReadOnlyMemory<byte> Body, long Received)> ReadAsync(HttpContext context, long limit, TimeSpan timeout)
    {
        var declared = context.Request.ContentLength;
        if (declared is { } length && length > 0 && length <= limit && TryTakeBuffered(context.Request.BodyReader, length) is { } whole)
        {
            return (BodyStatus.Complete, whole, length);
        }

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

    /// <summary>
    /// The body when the server already holds all of it, as it usually does for a webhook sent with its headers:
    /// taken without waiting, so without a deadline to arm. Otherwise null, and nothing is consumed; the stream, which
    /// reads the same bytes, takes over.
    /// </summary>
    private static byte[]? TryTakeBuffered(System.IO.Pipelines.PipeReader reader, long length)
    {
        if (!reader.TryRead(out var ready))
        {
            return null;
        }

        if (ready.Buffer.Length < length)
        {
            reader.AdvanceTo(ready.Buffer.Start);
            return null;
        }

        var body = ready.Buffer.Slice(0, length).ToArray();
        reader.AdvanceTo(ready.Buffer.GetPosition(length));
        return body;
    }
}

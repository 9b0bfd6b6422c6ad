using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;

namespace Salla.Codegen.Benchmarks.Http;

/// <summary>
/// Salla's documented order.created (12 KB), each delivery made distinct by its <c>data.id</c> (always ten digits, so
/// every body has the same length) so that the receiver's duplicate check never short-circuits one. A body is
/// sent as three segments (before the id, the id, after it): the bytes on the wire are the whole body, while the
/// load generator holds one copy of the example plus one pre-computed signature per delivery.
/// </summary>
internal sealed class Deliveries
{
    private const string ExampleId = "2116149737";
    private const long FirstId = 1_000_000_000;

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(Serve.Secret);
    private long _nextId = FirstId;

    public Deliveries()
    {
        var path = Path.Combine(RepoPaths.Examples, "order.created.json");
        var body = File.ReadAllBytes(path);
        var data = IndexOf(body, "\"data\"", 0);
        var at = IndexOf(body, ExampleId, data);
        if (data < 0 || at < 0)
        {
            throw new InvalidDataException($"{path}: no data.id {ExampleId} to vary.");
        }

        _prefix = body.AsSpan(0, at).ToArray();
        _suffix = body.AsSpan(at + ExampleId.Length).ToArray();
    }

    public int BodyLength => _prefix.Length + ExampleId.Length + _suffix.Length;

    /// <summary>
    /// Reserves <paramref name="count"/> fresh ids and signs them now (all cores), so the timed phase only sends.
    /// Ids never repeat within a run, across phases and servers.
    /// </summary>
    public SignedBatch Sign(int count)
    {
        var first = Interlocked.Add(ref _nextId, count) - count;
        var signatures = new string[count];
        Parallel.For(0, count, () => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret), (i, _, hmac) =>
        {
            signatures[i] = Sign(hmac, first + i);
            return hmac;
        }, hmac => hmac.Dispose());
        return new SignedBatch(this, first, signatures);
    }

    /// <summary>A delivery beyond a batch's pre-signed ones: a fresh id signed on the spot.</summary>
    public (long Id, string Signature) SignOne()
    {
        var id = Interlocked.Increment(ref _nextId) - 1;
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        return (id, Sign(hmac, id));
    }

    public HttpContent Content(long id) => new DeliveryContent(_prefix, Digits(id), _suffix);

    /// <summary>The whole body of <paramref name="id"/>, for checks.</summary>
    public byte[] Body(long id) => [.. _prefix, .. Digits(id), .. _suffix];

    private string Sign(IncrementalHash hmac, long id)
    {
        hmac.AppendData(_prefix);
        hmac.AppendData(Digits(id));
        hmac.AppendData(_suffix);
        Span<byte> hash = stackalloc byte[32];
        hmac.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static byte[] Digits(long id) => Encoding.ASCII.GetBytes(id.ToString("D10", CultureInfo.InvariantCulture));

    private static int IndexOf(byte[] haystack, string needle, int from)
    {
        if (from < 0)
        {
            return -1;
        }

        var found = haystack.AsSpan(from).IndexOf(Encoding.UTF8.GetBytes(needle));
        return found < 0 ? -1 : from + found;
    }

    private sealed class DeliveryContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly byte[] _id;
        private readonly byte[] _suffix;

        public DeliveryContent(byte[] prefix, byte[] id, byte[] suffix)
        {
            _prefix = prefix;
            _id = id;
            _suffix = suffix;
            Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_prefix, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_id, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_suffix, cancellationToken).ConfigureAwait(false);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            stream.Write(_prefix);
            stream.Write(_id);
            stream.Write(_suffix);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _prefix.Length + _id.Length + _suffix.Length;
            return true;
        }
    }
}

/// <summary>Pre-signed deliveries for one phase: ids <c>First</c> to <c>First + Count - 1</c>.</summary>
internal sealed class SignedBatch(Deliveries deliveries, long first, string[] signatures)
{
    private int _next = -1;
    private int _signedLate;

    public int Count => signatures.Length;

    /// <summary>How many deliveries had to be signed during the phase because the batch ran out.</summary>
    public int SignedLate => Volatile.Read(ref _signedLate);

    public (long Id, string Signature) Next()
    {
        var index = Interlocked.Increment(ref _next);
        if (index < signatures.Length)
        {
            return (first + index, signatures[index]);
        }

        Interlocked.Increment(ref _signedLate);
        return deliveries.SignOne();
    }

    public HttpContent Content(long id) => deliveries.Content(id);
}

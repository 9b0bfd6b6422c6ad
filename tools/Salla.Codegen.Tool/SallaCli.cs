using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen.Testing;
using Salla.Codegen.Tool.Catalogue;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.Tool;

/// <summary>The <c>salla</c> command: parses the arguments, runs one command, returns the exit code.</summary>
internal static class SallaCli
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The receiver answered non-2xx or could not be reached, or a request did not verify.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or unreadable input.</summary>
    public const int Usage = 2;

    /// <summary>Where <c>salla send</c> posts by default: the sample receiver (samples/Salla.Codegen.Receiver).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080" + SallaWebhookOptions.DefaultPath;

    /// <summary>The sample receiver's published development-only secret, what <c>salla send</c> signs with when no secret is given.</summary>
    public const string SampleSecret = "dev-only-salla-webhook-secret-do-not-use-in-production";

    public const string SecretVariable = "SALLA_WEBHOOK_SECRET";
    public const string UrlVariable = "SALLA_WEBHOOK_URL";

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    private const string Overview = """
        salla: Salla webhooks from the command line.

        Usage:
          salla send EVENT|FILE|- [--url URL] [--secret SECRET] [--token] [--set PATH=VALUE]... [--remove PATH]...
          salla example EVENT [--set PATH=VALUE]... [--remove PATH]...
          salla list
          salla sign FILE|- [--secret SECRET]
          salla verify [--secret SECRET] [--token] (--request FILE | --headers FILE --body FILE)
          salla COMMAND --help

        Commands:
          send    Post Salla's documented example of EVENT (or FILE, or standard input for -) to a
                  receiver, signed exactly as Salla signs it; --set and --remove edit it first.
          example Print the documented example body of EVENT, the one send posts, edited or not.
          list    Every event the specs define: payload model, group, example, deprecation.
          sign    Print the X-Salla-Signature of a body: hex HMAC-SHA256 of its raw bytes.
          verify  Check a captured request as the receiver's SallaWebhookAuthenticator does.

        Environment:
          SALLA_WEBHOOK_SECRET  the secret when --secret is not given
          SALLA_WEBHOOK_URL     where send posts when --url is not given

        Exit codes: 0 success; 1 the receiver answered other than 2xx or could not be reached,
        or the request did not verify; 2 bad arguments, unreadable input, or an edit that cannot be
        made or that the event's model refuses.
        """;

    private const string SendHelp = """
        Usage: salla send EVENT|FILE|- [--url URL] [--secret SECRET] [--token] [--set PATH=VALUE]... [--remove PATH]...

        Posts a webhook body to a receiver the way Salla does: POST, Content-Type: application/json,
        X-Salla-Security-Strategy, and X-Salla-Signature (hex HMAC-SHA256 of the raw body) or, with
        --token, Authorization carrying the secret itself. Prints the status and the reply's body.

          EVENT            an event name such as order.created: its documented example ('salla list')
          FILE             a file whose bytes are sent as they are
          -                the body from standard input
          --url URL        where to post (default: $SALLA_WEBHOOK_URL, else
                           http://127.0.0.1:5080/webhooks/salla, the sample receiver)
          --secret SECRET  the webhook secret (default: $SALLA_WEBHOOK_SECRET, else the sample
                           receiver's development-only secret)
          --token          use the Token strategy instead of Signature

        Exits 0 only when the receiver answers 2xx.
        """ + "\n\n" + EditsHelp;

    private const string ExampleHelp = """
        Usage: salla example EVENT [--set PATH=VALUE]... [--remove PATH]...

        Prints Salla's documented example of EVENT, the body 'salla send EVENT' posts, to standard
        output: its bytes exactly as the tool holds them, nothing added, not even a newline. With
        edits, the edited body, so 'salla example order.created --set ... > body.json' writes a
        body to change further and send with 'salla send body.json'.

          EVENT            an event name such as order.created ('salla list')
        """ + "\n\n" + EditsHelp;

    private const string EditsHelp = """
        Edits, applied in the order given to the example (or the file, or standard input) before
        the body is signed:
          --set PATH=VALUE  set the value at PATH; a member its object does not have is added.
                            VALUE is taken as JSON when it is one JSON value (0, 1.10, true,
                            null, "text", {"a":1}, [1,2]), otherwise as a string:
                            data.status.slug=completed sets "completed". To set a string that
                            reads as JSON, quote it: --set 'data.note="123"'. An empty VALUE is
                            the empty string.
          --remove PATH     remove the member or array item at PATH.
          PATH              member names separated by dots from the body's root; an array item
                            by its index, [0] or .0: data.items[0].name or data.items.0.name.
                            ["a.b"] names a member whose name has a dot or a bracket. A leading
                            $. is allowed, as in the receiver's errors.
        A path through a member that is not there, through a value that is not an object or array,
        or to an index past an array's end, is refused, as is removing what is not there. Every
        byte not edited is kept: member order, layout, numbers as spelt ("196.00", 1.10).
        The edited body of an event the tool knows is then read with that event's model, as a
        receiver would; a body the model refuses is not sent (exit 2), and the error names the
        path and why. Bodies of events the tool does not know are not checked, nor are members
        the model does not know (a receiver keeps them as extension data). To send a body the
        model refuses, to see how a receiver answers it, write it to a file ('salla example',
        then edit it) and send the file without edits.
        """;

    private const string ListHelp = """
        Usage: salla list

        Prints every event the specs define, one a line: its name, payload model (the generated
        type of its data), group, where its example comes from (documented, shared from another event of the same
        model, synthesized) and deprecation (since when, replaced by what).
        """;

    private const string SignHelp = """
        Usage: salla sign FILE|- [--secret SECRET]

        Prints the X-Salla-Signature Salla sends with this body: the lower-case hex HMAC-SHA256 of
        its raw bytes, keyed with the secret (default: $SALLA_WEBHOOK_SECRET).
        """;

    private const string VerifyHelp = """
        Usage: salla verify [--secret SECRET] [--token] (--request FILE | --headers FILE --body FILE)

        Checks a captured webhook request with the runtime's SallaWebhookAuthenticator, configured
        with the secret (default: $SALLA_WEBHOOK_SECRET) and the Signature strategy, or Token with
        --token. Prints the result (Verified, SignatureMismatch, TokenMismatch, ...) and its reason.

          --request FILE   the raw HTTP request as received: the request line
                           (POST /webhooks/salla HTTP/1.1), one 'Name: value' header a line, an
                           empty line, then the body's bytes exactly (not chunked). Lines may end
                           in CRLF or LF.
          --headers FILE   the header lines alone, 'Name: value' (a request line first is skipped)
          --body FILE      the body's bytes exactly, with --headers

        Exits 0 only when the request verifies.
        """;

    /// <param name="args">The command line after <c>salla</c>.</param>
    /// <param name="stdout">Where text output goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="stdin">Opens standard input, for a body given as <c>-</c>.</param>
    /// <param name="stdoutBytes">Opens standard output as bytes, for a body printed exactly (<c>salla example</c>).</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="cancellationToken">Stops a send.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<Stream> stdin, Func<Stream> stdoutBytes, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length == 0 ? null : args[0];
        try
        {
            switch (command)
            {
                case null or "-h" or "--help" or "help":
                    stdout.WriteLine(Overview);
                    return command is null ? Usage : Ok;
                case "--version":
                    stdout.WriteLine(typeof(SallaCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                    return Ok;
                case "send":
                    return await SendAsync(Arguments.Parse("send", args, SendHelp, withValue: ["--url", "--secret"], flags: ["--token"], repeatable: BodyEdit.Options), stdout, stdin, environment, cancellationToken).ConfigureAwait(false);
                case "example":
                    return Example(Arguments.Parse("example", args, ExampleHelp, withValue: [], flags: [], repeatable: BodyEdit.Options), stdout, stdoutBytes);
                case "list":
                    return List(Arguments.Parse("list", args, ListHelp, withValue: [], flags: []), stdout);
                case "sign":
                    return Sign(Arguments.Parse("sign", args, SignHelp, withValue: ["--secret"], flags: []), stdout, stdin, environment);
                case "verify":
                    return Verify(Arguments.Parse("verify", args, VerifyHelp, withValue: ["--secret", "--request", "--headers", "--body"], flags: ["--token"]), stdout, environment);
                default:
                    throw new UsageException(null, $"unknown command '{command}'; the commands are send, example, list, sign and verify.");
            }
        }
        catch (HelpRequested help)
        {
            stdout.WriteLine(help.Text);
            return Ok;
        }
        catch (FailedException e)
        {
            stderr.WriteLine($"salla {command}: {e.Message}");
            return Failed;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"salla{(e.Command is null ? string.Empty : " " + e.Command)}: {e.Message}");
            stderr.WriteLine($"Run 'salla {(e.Command is null ? string.Empty : e.Command + " ")}--help' for usage.");
            return Usage;
        }
    }

    private static async Task<int> SendAsync(Arguments a, TextWriter stdout, Func<Stream> stdin, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var what = a.Single("EVENT, FILE or -");
        var (body, description) = ReadBody(a, what, stdin, allowEvent: true);
        var edits = ParseEdits(a);
        body = Edit(a, body, edits);
        if (edits.Count > 0)
        {
            description += string.Create(CultureInfo.InvariantCulture, $", {edits.Count} {(edits.Count == 1 ? "edit" : "edits")}");
        }

        var urlText = a.Value("--url") ?? NonEmpty(environment(UrlVariable)) ?? DefaultUrl;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException("send", $"--url '{urlText}' is not an absolute http:// or https:// URL.");
        }

        var secret = a.Value("--secret") ?? NonEmpty(environment(SecretVariable));
        var secretNote = string.Empty;
        if (secret is null)
        {
            secret = SampleSecret;
            secretNote = ", the sample receiver's development secret";
        }

        var strategy = a.Flag("--token") ? SallaSecurityStrategy.Token : SallaSecurityStrategy.Signature;
        var signer = NewSigner(a, secret, strategy);

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST {url}  {description}, {body.Length} bytes, {strategy} strategy{secretNote}"));
        using var client = new HttpClient { Timeout = SendTimeout };
        HttpResponseMessage response;
        try
        {
            response = await client.PostSallaWebhookAsync(body, signer, url.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FailedException($"could not reach {url}: {e.Message} (is the receiver running?)");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FailedException($"no answer from {url} within {SendTimeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            var reply = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
            if (reply.Length > 0)
            {
                stdout.WriteLine(reply);
            }

            return response.IsSuccessStatusCode ? Ok : Failed;
        }
    }

    private static int Example(Arguments a, TextWriter stdout, Func<Stream> stdoutBytes)
    {
        var name = a.Single("EVENT");
        if (!SallaExamples.TryDescribe(name, out var example))
        {
            throw new UsageException(a.Command, UnknownEvent(name, "is not an event"));
        }

        var body = Edit(a, example.Body.ToArray(), ParseEdits(a));

        // The bytes themselves, not text: a console encoding must not touch the Arabic in the examples.
        stdout.Flush();
        using var output = stdoutBytes();
        output.Write(body);
        output.Flush();
        return Ok;
    }

    private static IReadOnlyList<BodyEdit> ParseEdits(Arguments a)
    {
        try
        {
            return BodyEdit.From(a.Repeated);
        }
        catch (BodyEditException e)
        {
            throw new UsageException(a.Command, e.Message);
        }
    }

    /// <summary>
    /// <paramref name="body"/> with <paramref name="edits"/> applied, after the model of its event, when the tool knows
    /// the event, has read it as a receiver would. A body without edits is left untouched and unchecked, so a
    /// deliberately malformed file can still be sent.
    /// </summary>
    private static byte[] Edit(Arguments a, byte[] body, IReadOnlyList<BodyEdit> edits)
    {
        if (edits.Count == 0)
        {
            return body;
        }

        byte[] edited;
        try
        {
            edited = BodyEditor.Apply(body, edits);
        }
        catch (BodyEditException e)
        {
            throw new UsageException(a.Command, e.Message);
        }

        // An unknown event, or a body that is not an envelope, has no model to answer to.
        if (!SallaEnvelopeHead.TryRead(edited, out var head) || SallaEvents.Find(head.EventName) is null)
        {
            return edited;
        }

        try
        {
            SallaEvents.Parse(edited);
        }
        catch (SallaPayloadException e)
        {
            throw new UsageException(a.Command, Refusal(a.Command, head.EventName, e, edits));
        }

        return edited;
    }

    /// <summary>Why the model refused an edited body, led by the last edit at, above or under the path it refused.</summary>
    private static string Refusal(string command, string eventName, SallaPayloadException refused, IReadOnlyList<BodyEdit> edits)
    {
        var culprit = BodyPath.TryParse(refused.JsonPath, out var refusedPath, out _)
            ? edits.LastOrDefault(e => e.Path.Overlaps(refusedPath))
            : null;
        var where = refused.JsonPath.StartsWith("$.", StringComparison.Ordinal) ? refused.JsonPath[2..]
            : refused.JsonPath.StartsWith("$[", StringComparison.Ordinal) ? refused.JsonPath[1..]
            : "the body";
        var expected = refused.ExpectedType is null ? string.Empty : $" (expected {refused.ExpectedType})";
        var outcome = command == "example" ? "nothing was printed" : "nothing was sent";
        return $"{culprit?.Argument ?? "the edited body"}: {where}: {refused.Problem}{expected}. The {eventName} model refuses the edited body, so {outcome}.";
    }

    private static int List(Arguments a, TextWriter stdout)
    {
        a.None();
        var rows = SallaEvents.All
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => new[]
            {
                e.Name,
                e.DataType.Name,
                e.Group,
                ExampleOf(e.Name),
                e.DeprecatedSince is null ? "-" : "since " + e.DeprecatedSince + (e.ReplacedBy.Count == 0 ? string.Empty : "; replaced by " + string.Join(", ", e.ReplacedBy)),
            })
            .ToList();
        var header = new[] { "EVENT", "MODEL", "GROUP", "EXAMPLE", "DEPRECATED" };
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            stdout.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} events"));
        return Ok;
    }

    private static int Sign(Arguments a, TextWriter stdout, Func<Stream> stdin, Func<string, string?> environment)
    {
        var (body, _) = ReadBody(a, a.Single("FILE or -"), stdin, allowEvent: false);
        var secret = RequiredSecret(a, environment);
        stdout.WriteLine(NewSigner(a, secret, SallaSecurityStrategy.Signature).Sign(body));
        return Ok;
    }

    private static int Verify(Arguments a, TextWriter stdout, Func<string, string?> environment)
    {
        a.None();
        var secret = RequiredSecret(a, environment);
        var requestFile = a.Value("--request");
        var headersFile = a.Value("--headers");
        var bodyFile = a.Value("--body");

        CapturedRequest captured;
        if (requestFile is not null)
        {
            if (headersFile is not null || bodyFile is not null)
            {
                throw new UsageException(a.Command, "give either --request, or --headers with --body, not both.");
            }

            captured = CapturedRequest.FromRaw(ReadFile(a, "--request", requestFile), a.Command);
        }
        else if (headersFile is not null && bodyFile is not null)
        {
            captured = new CapturedRequest(CapturedRequest.ParseHeaders(Encoding.UTF8.GetString(ReadFile(a, "--headers", headersFile)), a.Command), ReadFile(a, "--body", bodyFile));
        }
        else
        {
            throw new UsageException(a.Command, "the captured request is missing: give --request FILE, or --headers FILE with --body FILE.");
        }

        var options = new SallaWebhookOptions { SecurityStrategy = a.Flag("--token") ? SallaSecurityStrategy.Token : SallaSecurityStrategy.Signature };
        options.Secrets.Add(secret);
        var result = new SallaWebhookAuthenticator(options).Authenticate(SallaWebhookRequest.FromHeaders(captured.Body, captured.Headers));
        stdout.WriteLine($"{result.Status}: {result.Reason} ({result.Strategy} strategy, {captured.Body.Length.ToString(CultureInfo.InvariantCulture)} body bytes)");
        return result.Status == SallaAuthenticationStatus.Verified ? Ok : Failed;
    }

    private static string ExampleOf(string eventName) =>
        !SallaExamples.TryDescribe(eventName, out var example) ? "none"
        : example.Source switch
        {
            SallaExampleSource.Shared => "shared from " + example.SharedFrom,
            SallaExampleSource.Synthesized => "synthesized",
            _ => "documented",
        };

    private static (byte[] Body, string Description) ReadBody(Arguments a, string what, Func<Stream> stdin, bool allowEvent)
    {
        if (what == "-")
        {
            using var input = stdin();
            using var copy = new MemoryStream();
            input.CopyTo(copy);
            return (copy.ToArray(), "standard input");
        }

        if (File.Exists(what))
        {
            return (ReadFile(a, "the body", what), Path.GetFileName(what));
        }

        if (allowEvent && SallaExamples.TryDescribe(what, out var example))
        {
            var source = example.Source switch
            {
                SallaExampleSource.Shared => $"shared from {example.SharedFrom}: {example.FileName}",
                SallaExampleSource.Synthesized => "synthesized, Salla published no example",
                _ => "documented: " + example.FileName,
            };
            return (example.Body.ToArray(), $"{example.EventName} ({source})");
        }

        if (!allowEvent || what.IndexOfAny(['/', '\\']) >= 0 || what.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException(a.Command, $"no file '{what}'.");
        }

        throw new UsageException(a.Command, UnknownEvent(what, "is neither an event nor a file"));
    }

    private static string UnknownEvent(string name, string isNot) =>
        Closest(name) is { } suggestion
            ? $"'{name}' {isNot}; did you mean {suggestion}? 'salla list' shows the events."
            : $"'{name}' {isNot}; 'salla list' shows the events.";

    private static byte[] ReadFile(Arguments a, string role, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException(a.Command, $"cannot read {role} '{path}': {e.Message}");
        }
    }

    private static string RequiredSecret(Arguments a, Func<string, string?> environment) =>
        a.Value("--secret") ?? NonEmpty(environment(SecretVariable))
        ?? throw new UsageException(a.Command, $"no secret: give --secret SECRET or set {SecretVariable}.");

    private static SallaWebhookSigner NewSigner(Arguments a, string secret, SallaSecurityStrategy strategy)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new UsageException(a.Command, "the secret is empty.");
        }

        return new SallaWebhookSigner(secret, strategy);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The event name nearest to <paramref name="name"/>, when one is near.</summary>
    private static string? Closest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in SallaExamples.Names)
        {
            var distance = Distance(name.ToLowerInvariant(), known.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (known, distance);
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 4) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

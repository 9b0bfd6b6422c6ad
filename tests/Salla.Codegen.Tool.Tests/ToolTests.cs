using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;
using Salla.Codegen.Testing;
using Salla.Codegen.Webhooks;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Tool.Tests;

public class ListTests
{
    [Fact]
    public async Task List_shows_every_event_with_its_model_group_example_and_deprecation()
    {
        var run = await Cli.RunAsync("list");

        Assert.Equal(0, run.Exit);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(84, SallaEvents.All.Count);
        Assert.Equal("84 events", lines[^1]);
        var rows = lines.Skip(1).SkipLast(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(SallaEvents.All.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal), rows.Select(r => r[0]));
        foreach (var info in SallaEvents.All)
        {
            var row = rows.Single(r => r[0] == info.Name);
            Assert.Equal(info.DataType.Name, row[1]);
            Assert.Equal(info.Group, row[2]);
        }

        var updated = lines.Single(l => l.StartsWith("product.updated ", StringComparison.Ordinal));
        Assert.Contains("shared from product.created", updated, StringComparison.Ordinal);
        Assert.Contains("since 2025-12-15; replaced by product.price.updated", updated, StringComparison.Ordinal);
        Assert.EndsWith("-", lines.Single(l => l.StartsWith("order.created ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}

public class SignTests
{
    [Fact]
    public async Task Sign_prints_a_signature_the_runtime_verifies()
    {
        var body = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json"));
        var run = await Cli.RunAsync("sign", Path.Combine(RepoPaths.Examples, "order.created.json"), "--secret", Receiver.Secret);

        Assert.Equal(0, run.Exit);
        var signature = run.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", signature);
        Assert.Equal(SallaAuthenticationStatus.Verified, Authenticate(body, signature).Status);
        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, Authenticate(body.Append((byte)' ').ToArray(), signature).Status);
    }

    [Fact]
    public async Task Sign_reads_standard_input_and_the_secret_from_the_environment()
    {
        var body = Encoding.UTF8.GetBytes("{\"event\":\"order.created\",\"data\":{}}");

        var run = await Cli.RunWithAsync(body, new Dictionary<string, string> { ["SALLA_WEBHOOK_SECRET"] = Receiver.Secret }, "sign", "-");

        Assert.Equal(0, run.Exit);
        Assert.Equal(SallaAuthenticationStatus.Verified, Authenticate(body, run.Stdout.Trim()).Status);
    }

    private static SallaAuthenticationResult Authenticate(byte[] body, string signature)
    {
        var options = new SallaWebhookOptions();
        options.Secrets.Add(Receiver.Secret);
        return new SallaWebhookAuthenticator(options).Authenticate(new SallaWebhookRequest(body, signature, "Signature", null));
    }
}

public class SendTests
{
    [Fact]
    public async Task Send_posts_the_documented_example_and_the_handler_receives_the_event()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("HTTP 200", run.Stdout, StringComparison.Ordinal);
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(receiver.Received));
        Assert.Equal(SallaExamples.Get("order.created").ToArray(), order.RawBody.ToArray());
    }

    [Fact]
    public async Task Send_posts_a_shared_example_under_the_token_strategy()
    {
        await using var receiver = await Receiver.StartAsync(SallaSecurityStrategy.Token);

        var run = await Cli.RunAsync("send", "order.refunded", "--url", receiver.Url, "--secret", Receiver.Secret, "--token");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("shared from order.created", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("order.refunded", Assert.IsType<OrderRefundedEvent>(Assert.Single(receiver.Received)).Event);
    }

    [Fact]
    public async Task Send_posts_a_file_and_standard_input_as_they_are()
    {
        await using var receiver = await Receiver.StartAsync();
        var file = Cli.TempFile(SallaExamples.Get("brand.created").ToArray());
        var stdin = SallaExamples.Get("customer.login").ToArray();
        var environment = new Dictionary<string, string> { ["SALLA_WEBHOOK_SECRET"] = Receiver.Secret, ["SALLA_WEBHOOK_URL"] = receiver.Url };

        var fromFile = await Cli.RunWithAsync(null, environment, "send", file);
        var fromStdin = await Cli.RunWithAsync(stdin, environment, "send", "-");

        Assert.True(fromFile.Exit == 0, fromFile.ToString());
        Assert.True(fromStdin.Exit == 0, fromStdin.ToString());
        Assert.Equal(new[] { "brand.created", "customer.login" }, receiver.Received.Select(e => e.Event));
        Assert.Equal(stdin, receiver.Received[1].RawBody.ToArray());
        File.Delete(file);
    }

    [Fact]
    public async Task Send_exits_non_zero_with_the_status_when_the_receiver_refuses()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", "not-the-secret");

        Assert.Equal(1, run.Exit);
        Assert.Contains("HTTP 401", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("signature mismatch", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Send_to_nothing_listening_says_so_and_exits_1()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var run = await Cli.RunAsync("send", "order.created", "--url", $"http://127.0.0.1:{port}/webhooks/salla", "--secret", "s");

        Assert.Equal(1, run.Exit);
        Assert.Contains($"could not reach http://127.0.0.1:{port}/webhooks/salla", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_url_and_secret_are_the_sample_receivers()
    {
        var settings = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "Salla.Codegen.Receiver", "appsettings.json"));

        Assert.Contains("\"Urls\": \"http://127.0.0.1:5080\"", settings, StringComparison.Ordinal);
        Assert.Contains("\"" + SallaCli.SampleSecret + "\"", settings, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:5080/webhooks/salla", SallaCli.DefaultUrl);
    }
}

public class VerifyTests
{
    private static readonly byte[] Body = SallaExamples.Get("order.created").ToArray();

    [Fact]
    public async Task Verify_accepts_a_good_capture_and_rejects_a_tampered_one()
    {
        var headers = Cli.TempFile(Encoding.UTF8.GetBytes(
            "POST /webhooks/salla HTTP/1.1\nHost: example\nContent-Type: application/json\n" +
            string.Concat(new SallaWebhookSigner(Receiver.Secret).Headers(Body).Select(h => $"{h.Key}: {h.Value}\n"))), ".txt");
        var body = Cli.TempFile(Body);
        var tampered = Cli.TempFile(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"order.created\"", "\"order.updated\"", StringComparison.Ordinal)));

        var good = await Cli.RunAsync("verify", "--secret", Receiver.Secret, "--headers", headers, "--body", body);
        var bad = await Cli.RunAsync("verify", "--secret", Receiver.Secret, "--headers", headers, "--body", tampered);

        Assert.Equal(0, good.Exit);
        Assert.StartsWith("Verified: verified", good.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, bad.Exit);
        Assert.StartsWith("SignatureMismatch: signature mismatch", bad.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reads_a_raw_crlf_request_with_the_token_strategy()
    {
        var head = "POST /webhooks/salla HTTP/1.1\r\nContent-Type: application/json\r\n" +
            string.Concat(new SallaWebhookSigner(Receiver.Secret, SallaSecurityStrategy.Token).Headers(Body).Select(h => $"{h.Key}: {h.Value}\r\n")) + "\r\n";
        var request = Cli.TempFile(Encoding.UTF8.GetBytes(head).Concat(Body).ToArray(), ".http");

        var asToken = await Cli.RunAsync("verify", "--secret", Receiver.Secret, "--token", "--request", request);
        var asSignature = await Cli.RunAsync("verify", "--secret", Receiver.Secret, "--request", request);
        var otherSecret = await Cli.RunAsync("verify", "--secret", "other", "--token", "--request", request);

        Assert.Equal((0, "Verified"), (asToken.Exit, asToken.Stdout.Split(':')[0]));
        Assert.Contains($"{Body.Length} body bytes", asToken.Stdout, StringComparison.Ordinal);
        Assert.Equal((1, "StrategyMismatch"), (asSignature.Exit, asSignature.Stdout.Split(':')[0]));
        Assert.Equal((1, "TokenMismatch"), (otherSecret.Exit, otherSecret.Stdout.Split(':')[0]));
    }
}

public class ArgumentTests
{
    [Theory]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("missing the EVENT, FILE or - argument", "send")]
    [InlineData("'ordr.created' is neither an event nor a file; did you mean order.created?", "send", "ordr.created")]
    [InlineData("no file 'nope/missing.json'", "send", "nope/missing.json")]
    [InlineData("--url 'ftp://x/y' is not an absolute http:// or https:// URL", "send", "order.created", "--url", "ftp://x/y")]
    [InlineData("option --url needs a value", "send", "order.created", "--url")]
    [InlineData("unknown option '--tokn'; the options are --url, --secret, --set, --remove, --token", "send", "order.created", "--tokn")]
    [InlineData("no secret: give --secret SECRET or set SALLA_WEBHOOK_SECRET", "sign", "-")]
    [InlineData("the captured request is missing", "verify", "--secret", "s", "--body", "x")]
    [InlineData("unexpected argument 'extra'", "list", "extra")]
    public async Task Bad_arguments_name_what_is_wrong_and_exit_2(string message, params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_each_command_has_its_own()
    {
        var overview = await Cli.RunAsync("--help");
        var verify = await Cli.RunAsync("verify", "--help");
        var none = await Cli.RunAsync();

        Assert.Equal(0, overview.Exit);
        foreach (var command in new[] { "salla send", "salla example", "salla list", "salla sign", "salla verify" })
        {
            Assert.Contains(command, overview.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, verify.Exit);
        Assert.Contains("--request FILE   the raw HTTP request as received", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, none.Exit);
    }

    [Fact]
    public void The_tool_runs_as_a_process_and_exits_2_on_a_bad_event()
    {
        var tool = typeof(SallaCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        start.ArgumentList.Add("send");
        start.ArgumentList.Add("order.teleported");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the tool did not exit");

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("'order.teleported' is neither an event nor a file", stderr, StringComparison.Ordinal);
    }
}

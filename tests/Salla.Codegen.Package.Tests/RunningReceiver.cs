using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// A consumer's web app running in a process of its own on a free loopback port, as its user starts
/// it; posts Salla deliveries signed as Salla signs them and keeps everything the app prints.
/// </summary>
internal sealed class RunningReceiver : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _client;

    private RunningReceiver(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        // URLS, read after appsettings.json: an app whose settings name its own address still listens here.
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["URLS"] = address.ToString() };
        _process = DotNet.Start(fileName, workingDirectory, variables, arguments, _output);
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Everything the app printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient Client => _client;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/> and waits until it says it is listening.</summary>
    public static async Task<RunningReceiver> StartAsync(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var receiver = new RunningReceiver(fileName, workingDirectory, environment, arguments);
        try
        {
            await receiver.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));
            return receiver;
        }
        catch
        {
            receiver.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the app has printed <paramref name="text"/>; fails with its output when it exits or takes too long.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || watch.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The app {(_process.HasExited ? "exited" : "did not print it in time")} before printing '{text}':\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> with the headers Salla sends, signed with <paramref name="secret"/>.</summary>
    public async Task<(HttpStatusCode Status, string Reason)> PostSignedAsync(string path, byte[] body, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Salla-Security-Strategy", "Signature");
        request.Headers.Add("X-Salla-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

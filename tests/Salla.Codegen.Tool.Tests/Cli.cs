using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace Salla.Codegen.Tool.Tests;

/// <summary>Runs the tool's entry point in-process with captured output, a given standard input and environment.</summary>
internal static class Cli
{
    public static async Task<Run> RunAsync(params string[] args) => await RunWithAsync(null, null, args);

    public static async Task<Run> RunWithAsync(byte[]? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var stdoutBytes = new MemoryStream();
        var exit = await SallaCli.RunAsync(
            args,
            stdout,
            stderr,
            () => new MemoryStream(stdin ?? Array.Empty<byte>()),
            () => stdoutBytes,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);
        return new Run(exit, stdout.ToString(), stderr.ToString(), stdoutBytes.ToArray());
    }

    public static string TempFile(byte[] content, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), "salla-tool-tests-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, content);
        return path;
    }
}

/// <param name="Exit">The exit code.</param>
/// <param name="Stdout">What was written to standard output as text.</param>
/// <param name="Stderr">What was written to standard error.</param>
/// <param name="StdoutBytes">What was written to standard output as bytes (a printed body).</param>
internal sealed record Run(int Exit, string Stdout, string Stderr, byte[] StdoutBytes)
{
    public override string ToString() => $"exit {Exit}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

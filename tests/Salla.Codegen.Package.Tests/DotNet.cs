using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Salla.Codegen.Package.Tests;

/// <summary>Runs the dotnet CLI (or a command it installed) as a user would, capturing everything it prints.</summary>
internal static class DotNet
{
    public sealed record Result(int ExitCode, string Output)
    {
        public Result AssertSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Output}");
    }

    /// <summary>README.md as a reader sees it.</summary>
    public static string Readme => File.ReadAllText(Path.Combine(Salla.Codegen.TestSupport.RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");

    /// <summary>The <paramref name="language"/> block of README.md that follows the <c>&lt;!-- <paramref name="marker"/>: …--&gt;</c> comment, as a reader copies it.</summary>
    public static string ReadmeBlock(string marker, string language = "csharp")
    {
        var readme = Readme;
        var at = readme.IndexOf("<!-- " + marker + ":", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"README.md has no '<!-- {marker}: ... -->' block.");
        }

        var fence = "```" + language + "\n";
        var start = readme.IndexOf(fence, at, StringComparison.Ordinal);
        if (start < 0 || readme.IndexOf("```", at, StringComparison.Ordinal) != start)
        {
            throw new InvalidOperationException($"README.md's '{marker}' comment is not followed by a {language} block.");
        }

        start += fence.Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Exec("dotnet", workingDirectory, environment, arguments);

    /// <summary>Runs <paramref name="fileName"/> (such as an installed tool's command) to its end, in the same clean environment as <see cref="Run"/>.</summary>
    public static Result Exec(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var output = new StringBuilder();
        using var process = Start(fileName, workingDirectory, environment, arguments, output);
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(" ", arguments)} did not finish in 8 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Starts <paramref name="fileName"/> and appends everything it prints, stdout and stderr, to <paramref name="output"/> (locked on it).</summary>
    public static Process Start(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> arguments, StringBuilder output)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The test host's own MSBuild settings must not leak into the consumer's build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Salla.Codegen.TestSupport;

/// <summary>Where the repository, its specs and Salla's documented examples (kept in the repository as test fixtures) are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Specs => Path.Combine(Root, "specs");

    /// <summary>
    /// <c>specs/examples/</c>: Salla's documented example payloads (<c>INDEX.md</c> gives each one's source,
    /// <c>REPAIRS.md</c> the fixes that made published ones parse, <c>raw/</c> the text as published) and the
    /// table of documented events (<c>EVENTS.md</c>).
    /// </summary>
    public static string Examples => Path.Combine(Specs, "examples");

    /// <summary>One documented example payload, by file name (<c>order.created.json</c>).</summary>
    public static string Example(string fileName)
    {
        var path = Path.Combine(Examples, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException("No documented Salla example of that name.", path);
    }

    /// <summary>Every documented example payload, by file name.</summary>
    public static IReadOnlyList<string> ExampleFiles() =>
        Directory.GetFiles(Examples, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();

    /// <summary>Every documented example's file name, one per row, for a theory's <c>MemberData</c>.</summary>
    public static IEnumerable<object[]> ExampleFileNames() => ExampleFiles().Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>
    /// An example's bytes as Salla sends them. They are the bytes as published, except for
    /// <c>invoice.created</c>: Salla published it as its bare data object, so it is wrapped in an envelope.
    /// </summary>
    public static byte[] ExampleBody(string fileName)
    {
        var bytes = File.ReadAllBytes(Example(fileName));
        return fileName != "invoice.created.json"
            ? bytes
            : Encoding.UTF8.GetBytes("{\"event\":\"invoice.created\",\"merchant\":1305146709,\"created_at\":\"Mon May 19 2025 12:05:05 GMT+0300\",\"data\":" + Encoding.UTF8.GetString(bytes) + "}");
    }

    /// <summary>The spec files in <c>specs/</c>.</summary>
    public static IReadOnlyList<string> SpecFiles() =>
        Directory.GetFiles(Specs, "*.schema.json").OrderBy(f => f, StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Salla.Codegen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Salla.Codegen.sln above {AppContext.BaseDirectory}.");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Salla.Codegen.TestSupport;

/// <summary>Where the repository, its specs and the shared Salla material (beside the repo root) are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Specs => Path.Combine(Root, "specs");

    /// <summary><c>../shared/salla/</c> beside the repo root: what Salla documents, the source of truth for tests.</summary>
    public static string SharedSalla
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "salla"));
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"The Salla reference material is expected at {path} (../shared/salla beside the repo root); the tests read the documented events and examples from it.");
        }
    }

    public static string Examples => Path.Combine(SharedSalla, "examples");

    /// <summary>Every documented example payload, by file name.</summary>
    public static IReadOnlyList<string> ExampleFiles() =>
        Directory.GetFiles(Examples, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();

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

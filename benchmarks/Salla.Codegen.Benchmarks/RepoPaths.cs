using System;
using System.IO;

namespace Salla.Codegen.Benchmarks;

/// <summary>Finds the repository (the folder with Salla.Codegen.sln) from the running assembly, and Salla's documented examples in it.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Salla.Codegen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Salla.Codegen.sln above " + AppContext.BaseDirectory + ".");
    }

    /// <summary>A documented example payload of specs/examples/.</summary>
    public static string Example(string fileName)
    {
        var path = Path.Combine(Root(), "specs", "examples", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException("The Salla example is missing.", path);
    }
}

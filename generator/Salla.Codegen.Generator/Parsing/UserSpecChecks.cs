using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Checks a consumer's spec the way NJsonSchema reads it (well-formed for Newtonsoft.Json, loadable as JSON Schema with
/// every reference resolved) before the generator's own reader walks it, so the problems a consumer is told about a
/// broken spec stay NJsonSchema's words and places.
/// </summary>
/// <remarks>
/// The only place NJsonSchema and Newtonsoft.Json are used. The runtime loads an assembly when it compiles a method
/// that mentions one of its types, so no member here mentions them in its signature and callers reach this class only
/// for consumer documents: with the built-in specs alone, neither library (nor Namotion.Reflection) is ever loaded.
/// </remarks>
internal sealed class UserSpecChecks
{
    private readonly SpecLoadSession _session;

    private UserSpecChecks(SpecLoadSession session)
    {
        _session = session;
    }

    /// <summary>Checks over <paramref name="documents"/>, all those a parse may reference.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static UserSpecChecks For(IEnumerable<SpecDocument> documents) => new(new SpecLoadSession(documents));

    /// <summary>What is wrong with <paramref name="document"/> as JSON or as JSON Schema, or null when nothing is.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public SpecProblem? Check(SpecDocument document)
    {
        try
        {
            JToken.Parse(document.Text);
        }
        catch (JsonReaderException ex)
        {
            return new SpecProblem(document.Path, Math.Max(ex.LineNumber, 1), Math.Max(ex.LinePosition, 1), $"not valid JSON: {ex.Message}");
        }

        try
        {
            _session.Load(document.FileName);
            return null;
        }
        catch (SpecException ex)
        {
            return SpecParser.Problem(document, ex.Message, ex.At);
        }
    }
}

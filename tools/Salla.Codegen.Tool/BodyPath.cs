using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Salla.Codegen.Tool;

/// <summary>
/// One step of a <see cref="BodyPath"/>: a member name, or an array index. A dotted step of digits
/// (<c>items.0</c>) is both: the index in an array, the member of that name in an object.
/// </summary>
/// <param name="Name">The member name, or null for a bracketed index (<c>[0]</c>).</param>
/// <param name="Index">The array index, or null for a step that is not digits.</param>
internal readonly record struct PathStep(string? Name, int? Index)
{
    public override string ToString() =>
        Name is null ? "[" + Index!.Value.ToString(CultureInfo.InvariantCulture) + "]"
        : NeedsQuotes(Name) ? "[\"" + Name + "\"]"
        : "." + Name;

    private static bool NeedsQuotes(string name) => name.Length == 0 || name.AsSpan().IndexOfAny(".[]\"") >= 0;
}

/// <summary>
/// A dotted JSON path from the body's root: <c>data.items[0].name</c> or <c>data.items.0.name</c>, an optional
/// leading <c>$.</c> (as the runtime's errors print paths), <c>["a.b"]</c> for a member whose name has a dot or bracket.
/// </summary>
internal sealed class BodyPath
{
    private BodyPath(IReadOnlyList<PathStep> steps) => Steps = steps;

    public IReadOnlyList<PathStep> Steps { get; }

    public static BodyPath Parse(string text)
    {
        if (!TryParse(text, out var path, out var problem))
        {
            throw new BodyEditException($"'{text}' is not a path: {problem}. A path is member names separated by dots, with [N] or .N for an array item, such as data.items[0].name.");
        }

        return path;
    }

    public static bool TryParse(string text, out BodyPath path, out string problem)
    {
        var steps = new List<PathStep>();
        path = new BodyPath(steps);
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
            if (i < text.Length && text[i] != '.' && text[i] != '[')
            {
                problem = "'$' is followed by neither '.' nor '['";
                return false;
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
            }
        }

        if (i == text.Length)
        {
            problem = "it is empty";
            return false;
        }

        var first = true;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                // A quoted name may hold ']' itself: it ends at the first '"]'.
                var quoted = i + 1 < text.Length && text[i + 1] == '"';
                var close = quoted ? text.IndexOf("\"]", i + 2, StringComparison.Ordinal) : text.IndexOf(']', i);
                close = quoted && close >= 0 ? close + 1 : close;
                if (close < 0)
                {
                    problem = $"the '[' at {i.ToString(CultureInfo.InvariantCulture)} is not closed";
                    return false;
                }

                var inside = text[(i + 1)..close];
                if (inside.Length >= 2 && inside[0] == '"' && inside[^1] == '"')
                {
                    steps.Add(new PathStep(inside[1..^1], null));
                }
                else if (IsIndex(inside, out var index))
                {
                    steps.Add(new PathStep(null, index));
                }
                else
                {
                    problem = $"'[{inside}]' is neither an array index such as [0] nor a quoted member name such as [\"a.b\"]";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                if (!first)
                {
                    if (text[i] != '.')
                    {
                        problem = $"'{text[i]}' at {i.ToString(CultureInfo.InvariantCulture)} should be '.' or '['";
                        return false;
                    }

                    i++;
                }

                var end = text.IndexOfAny(['.', '['], i);
                if (end < 0)
                {
                    end = text.Length;
                }

                var name = text[i..end];
                if (name.Length == 0)
                {
                    problem = $"an empty member name at {i.ToString(CultureInfo.InvariantCulture)}";
                    return false;
                }

                steps.Add(new PathStep(name, IsIndex(name, out var index) ? index : null));
                i = end;
            }

            first = false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>The first <paramref name="count"/> steps as text, or "the body" for none.</summary>
    public string Prefix(int count) => Describe(Steps.Take(count));

    public override string ToString() => Describe(Steps);

    /// <summary>Whether the two paths reach the same value, or one reaches into the other's.</summary>
    public bool Overlaps(BodyPath other)
    {
        var shared = Math.Min(Steps.Count, other.Steps.Count);
        for (var i = 0; i < shared; i++)
        {
            if (!SameStep(Steps[i], other.Steps[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameStep(PathStep a, PathStep b) =>
        (a.Name is not null && a.Name == b.Name) || (a.Index is not null && a.Index == b.Index);

    private static string Describe(IEnumerable<PathStep> steps)
    {
        var text = new StringBuilder();
        foreach (var step in steps)
        {
            text.Append(step.ToString());
        }

        return text.Length == 0 ? "the body" : text[0] == '.' ? text.ToString(1, text.Length - 1) : text.ToString();
    }

    // Digits without a leading zero: "01" is a member name, never an index.
    private static bool IsIndex(string text, out int index)
    {
        index = 0;
        return text.Length > 0
            && (text.Length == 1 || text[0] != '0')
            && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}

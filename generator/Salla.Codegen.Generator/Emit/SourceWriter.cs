using System.Linq;
using System.Text;

namespace Salla.Codegen.Generator.Emit;

/// <summary>An indenting text builder that writes '\n' line ends whatever the host, so output is the same everywhere.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    /// <summary>A <c>/// &lt;summary&gt;</c> block with <paramref name="text"/> escaped for XML, then <paramref name="xmlLine"/> as it is.</summary>
    public SourceWriter Summary(string text, string? xmlLine = null)
    {
        var lines = (text.Length == 0 ? "(no description in the spec)" : text).Split('\n').Select(line => XmlEscape(line.TrimEnd('\r')));
        return SummaryXml(xmlLine is null ? lines.ToArray() : lines.Append(xmlLine).ToArray());
    }

    /// <summary>Writes a summary from lines that are already XML (they may hold tags such as <c>see</c>).</summary>
    public SourceWriter SummaryXml(params string[] xmlLines)
    {
        Line("/// <summary>");
        foreach (var line in xmlLines)
        {
            Line("/// " + line);
        }

        Line("/// </summary>");
        return this;
    }

    public static string XmlEscape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal for <paramref name="text"/>.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public override string ToString() => _builder.ToString();
}

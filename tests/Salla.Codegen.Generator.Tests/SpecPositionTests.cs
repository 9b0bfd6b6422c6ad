using System;
using System.Globalization;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>SALLA001 points at the line and column of what is wrong in a user's spec, not at the top of the file.</summary>
public class SpecPositionTests
{
    private const string Valid = """
        {
          "title": "WidgetThing",
          "description": "d",
          "x-salla-events": [
            { "name": "widget.made", "group": "store", "description": "d" }
          ],
          "type": "object",
          "properties": {
            "a": { "type": "string", "description": "d" },
            "b": {
              "type": "string",
              "description": "d"
            },
            "p": { "$ref": "#/definitions/WidgetPart", "description": "d" }
          },
          "definitions": {
            "WidgetPart": {
              "title": "WidgetPart",
              "description": "d",
              "type": "object",
              "properties": { "c": { "type": "string", "description": "d" } }
            }
          }
        }
        """;

    /// <summary>What is broken, how (a replacement in <see cref="Valid"/>), and the text on the line SALLA001 must name.</summary>
    public static TheoryData<string, string, string, string> Cases() => new()
    {
        { "x-salla-events not an array", "\"x-salla-events\": [", "\"x-salla-events\": {\"name\": \"widget.made\"}, \"was\": [", "\"x-salla-events\"" },
        { "an event without a name", "{ \"name\": \"widget.made\", \"group\"", "{ \"group\"", "{ \"group\": \"store\"" },
        { "an unknown group", "\"group\": \"store\"", "\"group\": \"nope\"", "\"group\": \"nope\"" },
        { "a title that is not PascalCase", "\"title\": \"WidgetPart\"", "\"title\": \"widget_part\"", "\"title\": \"widget_part\"" },
        { "a type list without x-salla-type", "\"type\": \"string\",\n      \"description\": \"d\"", "\"type\": [\"string\", \"integer\"],\n      \"description\": \"d\"", "\"type\": [\"string\", \"integer\"]" },
        { "x-salla-enum of numbers", "\"a\": { \"type\": \"string\",", "\"a\": { \"type\": \"string\", \"x-salla-enum\": [1, 2],", "\"x-salla-enum\": [1, 2]" },
        { "x-salla-deprecated as text", "\"a\": { \"type\": \"string\",", "\"a\": { \"type\": \"string\", \"x-salla-deprecated\": \"soon\",", "\"x-salla-deprecated\": \"soon\"" },
        { "an unknown x-salla-type", "\"a\": { \"type\": \"string\",", "\"a\": { \"type\": \"string\", \"x-salla-type\": \"text\",", "\"x-salla-type\": \"text\"" },
        { "a reference to a missing spec", "\"a\": { \"type\": \"string\",", "\"a\": { \"$ref\": \"missing.schema.json#/definitions/X\",", "\"$ref\": \"missing.schema.json" },
        { "a URL reference", "\"a\": { \"type\": \"string\",", "\"a\": { \"$ref\": \"https://example.com/x.json\",", "\"$ref\": \"https://example.com" },
        { "a nested object without a title", "\"b\": {\n      \"type\": \"string\",", "\"b\": {\n      \"type\": \"object\", \"properties\": { \"z\": { \"type\": \"string\" } },", "\"b\": {" },
        { "a title that is a generated name", "\"title\": \"WidgetPart\"", "\"title\": \"SallaEvents\"", "\"title\": \"SallaEvents\"" },
        { "two events with one class name", "{ \"name\": \"widget.made\", \"group\": \"store\", \"description\": \"d\" }", "{ \"name\": \"widget.made\", \"group\": \"store\", \"description\": \"d\" },\n    { \"name\": \"widget_made\", \"group\": \"store\", \"description\": \"d\" }", "\"widget_made\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SALLA001_names_the_line_and_column(string what, string find, string replace, string expectedLine)
    {
        var valid = Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, valid, StringComparison.Ordinal);
        var text = valid.Replace(find, replace, StringComparison.Ordinal);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(expectedLine, StringComparison.Ordinal));
        Assert.True(line >= 0, $"{what}: the spec has a line with {expectedLine}");

        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("widget.salla.json", text) });

        run.AssertNoCrash();
        var diagnostic = Assert.Single(run.Result.Diagnostics, d => d.Id == "SALLA001");
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(UserSpecs.Directory + "widget.salla.json", span.Path);
        Assert.True(line == span.StartLinePosition.Line, $"{what}: reported at line {span.StartLinePosition.Line + 1}, expected {line + 1} ({expectedLine}): {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
        Assert.True(span.StartLinePosition.Character > 0, $"{what}: reported at the line's first column");
    }
}

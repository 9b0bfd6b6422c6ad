namespace Salla.Codegen.Generator.Tests;

/// <summary>Consumer spec files (<c>*.salla.json</c>) the tests hand the generator as additional files.</summary>
internal static class UserSpecs
{
    public const string Directory = "/consumer/specs/";

    /// <summary>A new event in the customer group whose model reaches the shared Money type.</summary>
    public const string Loyalty = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "LoyaltyPoints",
          "description": "Loyalty points a customer earned.",
          "x-salla-events": [
            {
              "name": "loyalty.points.earned",
              "group": "customer",
              "description": "A customer earned loyalty points.",
              "added": null,
              "deprecated": null
            }
          ],
          "type": "object",
          "required": ["points"],
          "properties": {
            "points": {
              "type": "integer",
              "description": "How many points were earned."
            },
            "worth": {
              "$ref": "common.schema.json#/definitions/Money",
              "description": "What the points are worth."
            }
          }
        }
        """;

    /// <summary><see cref="Loyalty"/> with one more property, so its model type changes but its event does not.</summary>
    public static readonly string LoyaltyWithReason = Loyalty.Replace(
        "\"points\": {",
        "\"reason\": {\n      \"type\": \"string\",\n      \"description\": \"Why they were earned.\"\n    },\n    \"points\": {",
        System.StringComparison.Ordinal);

    /// <summary>The built-in <c>storetax.created</c> mapped to a model of the consumer's own.</summary>
    public const string StoreTaxOverride = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "MyStoreTax",
          "description": "The consumer's own view of a tax rate.",
          "x-salla-events": [
            {
              "name": "storetax.created",
              "group": "store",
              "description": "A merchant added a tax rate (consumer's model).",
              "added": null,
              "deprecated": null
            }
          ],
          "type": "object",
          "properties": {
            "rate_percent": {
              "type": "number",
              "description": "The rate in percent."
            }
          }
        }
        """;

    /// <summary>A missing comma after <c>"type": "object"</c>, on line 4.</summary>
    public const string Malformed = "{\n  \"title\": \"Broken\",\n  \"type\": \"object\"\n  \"properties\": {}\n}\n";

    public const string WithoutTitle = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "description": "A model with no title.",
          "x-salla-events": [
            { "name": "untitled.happened", "group": "store", "description": "Something happened.", "added": null, "deprecated": null }
          ],
          "type": "object",
          "properties": {
            "id": { "type": "integer", "description": "Identifier." }
          }
        }
        """;

    public const string MissingReference = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "Dangling",
          "description": "A model that references a spec file nobody has.",
          "x-salla-events": [
            { "name": "dangling.happened", "group": "store", "description": "Something happened.", "added": null, "deprecated": null }
          ],
          "type": "object",
          "properties": {
            "price": { "$ref": "missing.schema.json#/definitions/Price", "description": "A price from nowhere." }
          }
        }
        """;

    public static InMemoryAdditionalText File(string name, string text) => new(Directory + name, text);
}

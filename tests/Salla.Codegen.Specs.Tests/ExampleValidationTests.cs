using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Specs.Tests;

public class ExampleValidationTests
{
    /// <summary>Salla published this one example as its bare <c>data</c> object, without the envelope.</summary>
    private const string BareInvoiceExample = "invoice.created.json";

    public static TheoryData<string> EnvelopedExamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepoPaths.ExampleFiles().Select(Path.GetFileName).Where(f => f != BareInvoiceExample))
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnvelopedExamples))]
    public void Documented_example_validates_against_its_events_spec_as_published(string fileName)
    {
        var payload = JToken.Parse(File.ReadAllText(Path.Combine(RepoPaths.Examples, fileName)));
        var eventName = (string?)payload["event"];
        Assert.False(string.IsNullOrEmpty(eventName), $"{fileName} has no event name");
        var model = Specs.Load(Specs.ModelFileOf(eventName!));

        AssertValid(Specs.Envelope, payload, fileName + " envelope");
        AssertValid(model, payload["data"]!, fileName + " data");
    }

    [Fact]
    public void Bare_invoice_created_example_validates_against_the_invoice_data_schema()
    {
        var payload = JToken.Parse(File.ReadAllText(Path.Combine(RepoPaths.Examples, BareInvoiceExample)));
        Assert.Null(payload["event"]);

        AssertValid(Specs.Load(Specs.ModelFileOf("invoice.created")), payload, BareInvoiceExample);
    }

    [Fact]
    public void Every_example_file_is_covered_by_a_test_above()
    {
        var files = RepoPaths.ExampleFiles().Select(Path.GetFileName).ToList();

        Assert.Contains(BareInvoiceExample, files);
        Assert.Equal(files.Count - 1, EnvelopedExamples().Count<object[]>());
    }

    [Fact]
    public void Envelope_rejects_a_payload_without_data()
    {
        var errors = Specs.Envelope.Validate(JToken.Parse("""{"event":"order.created","merchant":1}"""));

        Assert.Contains(errors, e => e.Property == "data");
    }

    [Fact]
    public void Order_model_rejects_a_wrong_field_type()
    {
        var model = Specs.Load(Specs.ModelFileOf("order.created"));

        var errors = model.Validate(JToken.Parse("""{"id": {"nested": true}}"""));

        Assert.NotEmpty(errors);
    }

    internal static void AssertValid(JsonSchema schema, JToken token, string what)
    {
        var errors = schema.Validate(token);
        Assert.True(errors.Count == 0, $"{what} does not validate:\n" + string.Join("\n", errors.Select(e => e.ToString())));
    }
}

public class RequestSpecTests
{
    [Fact]
    public void Update_shipment_details_example_body_validates_and_the_required_fields_are_enforced()
    {
        var schema = Specs.Load("update-shipment-details.request.schema.json");
        var body = JToken.Parse(File.ReadAllText(Path.Combine(RepoPaths.Examples, "requests", "update-shipment-details.json")));

        ExampleValidationTests.AssertValid(schema, body, "update-shipment-details example");
        Assert.Equal(new[] { "shipment_number", "status" }, schema.RequiredProperties.OrderBy(x => x, System.StringComparer.Ordinal));
        var withoutStatus = (JObject)body.DeepClone();
        withoutStatus.Remove("status");
        Assert.Contains(schema.Validate(withoutStatus), e => e.Property == "status");
    }

    [Fact]
    public void Request_spec_is_read_by_the_generator_as_a_type_without_events()
    {
        Assert.Contains(Specs.Catalogue.Types, t => t.Name == "UpdateShipmentDetailsRequest");
        Assert.DoesNotContain(Specs.Catalogue.Events, e => e.SourceFile == "update-shipment-details.request.schema.json");
    }
}

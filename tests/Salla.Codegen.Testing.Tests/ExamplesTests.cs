using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Testing.Tests;

/// <summary><see cref="SallaExamples"/>: an example for every event of the catalogue, from the right file.</summary>
public class ExamplesTests
{
    [Fact]
    public void Every_event_of_the_catalogue_has_an_example_that_parses_as_that_event()
    {
        var catalogue = SallaEvents.All.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.Equal(84, catalogue.Count);
        Assert.Equal(catalogue, SallaExamples.Names);
        Assert.Equal(catalogue, SallaExamples.All.Select(e => e.EventName));
        foreach (var info in SallaEvents.All)
        {
            var parsed = SallaEvents.Parse(SallaExamples.Get(info.Name));
            Assert.IsType(info.EventType, parsed);
            Assert.Equal(info.Name, parsed.Event);
            Assert.NotNull(parsed.UntypedData);
        }
    }

    [Fact]
    public void A_documented_example_is_the_file_as_kept_in_specs_examples()
    {
        var example = SallaExamples.Describe(OrderCreatedEvent.Name);

        Assert.Equal(SallaExampleSource.Documented, example.Source);
        Assert.Equal("order.created.json", example.FileName);
        Assert.Null(example.SharedFrom);
        Assert.False(example.EnvelopeAdded);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json")), example.Body.ToArray());
        Assert.Equal(example.Body.ToArray(), SallaExamples.Get("order.created").ToArray());
    }

    [Theory]
    [InlineData("order.created", "order.created.json")]
    [InlineData("abandoned.cart", "abandoned.cart.json")]
    [InlineData("communication.sms.send", "communication.sms.send.otp.json")]
    public void Where_several_examples_document_an_event_the_canonical_one_is_used(string eventName, string fileName)
    {
        var example = SallaExamples.Describe(eventName);

        Assert.Equal(SallaExampleSource.Documented, example.Source);
        Assert.Equal(fileName, example.FileName);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Examples, fileName)), example.Body.ToArray());
    }

    [Fact]
    public void Every_example_file_documents_the_event_it_is_used_for()
    {
        var used = SallaExamples.All.Where(e => e.Source != SallaExampleSource.Synthesized).Select(e => e.FileName).ToHashSet();
        var files = RepoPaths.ExampleFiles().Select(Path.GetFileName).ToList();

        // Every file but the second examples of order.created, abandoned.cart and communication.sms.send.
        Assert.Equal(
            new[] { "abandoned.cart.legacy-doc.json", "communication.sms.send.product-digital-code.json", "order.created.order-fulfilment-app-cycle-doc.json" },
            files.Where(f => !used.Contains(f!)).OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void An_event_without_an_example_shares_its_models_example_with_only_the_event_name_changed()
    {
        var shared = SallaExamples.All.Where(e => e.Source == SallaExampleSource.Shared).ToList();

        Assert.Contains(shared, e => e.EventName == "order.updated" && e.SharedFrom == "order.created");
        Assert.Contains(shared, e => e.EventName == "product.deleted" && e.SharedFrom == "product.created");
        Assert.Contains(shared, e => e.EventName == "store.branch.setDefault" && e.SharedFrom == "store.branch.updated");
        Assert.True(shared.Count >= 30, $"only {shared.Count} shared examples");
        foreach (var example in shared)
        {
            var donor = SallaExamples.Describe(example.SharedFrom!);
            Assert.NotEqual(SallaExampleSource.Shared, donor.Source);
            Assert.Equal(donor.FileName, example.FileName);
            Assert.Equal(SallaEvents.Find(example.SharedFrom!)!.DataType, SallaEvents.Find(example.EventName)!.DataType);

            using var document = JsonDocument.Parse(example.Body);
            Assert.Equal(example.EventName, document.RootElement.GetProperty("event").GetString());

            // The same bytes once the event's value is blanked out in both.
            Assert.Equal(
                BlankFirst(donor.Body, "\"" + donor.EventName + "\""),
                BlankFirst(example.Body, "\"" + example.EventName + "\""));
        }
    }

    [Fact]
    public void The_bare_invoice_example_is_wrapped_in_an_envelope_around_its_bytes()
    {
        var example = SallaExamples.Describe(InvoiceCreatedEvent.Name);
        var file = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "invoice.created.json"));

        Assert.Equal(SallaExampleSource.Documented, example.Source);
        Assert.True(example.EnvelopeAdded);
        var text = Encoding.UTF8.GetString(example.Body.Span);
        Assert.StartsWith("{\"event\":\"invoice.created\",", text, StringComparison.Ordinal);
        Assert.EndsWith("\"data\":" + Encoding.UTF8.GetString(file) + "}", text, StringComparison.Ordinal);
        Assert.Equal(InvoiceCreatedEvent.Name, InvoiceCreatedEvent.Parse(example.Body).Event);
    }

    [Fact]
    public void The_recurring_payments_events_have_the_kits_own_example_marked_synthesized()
    {
        var created = SallaExamples.Describe(SubscriptionCreatedEvent.Name);
        var failed = SallaExamples.Describe(SubscriptionChargeFailedEvent.Name);

        Assert.Equal(SallaExampleSource.Synthesized, created.Source);
        Assert.Equal((SallaExampleSource.Shared, "subscription.created"), (failed.Source, failed.SharedFrom));
        Assert.Equal(
            SallaExamples.All.Where(e => SallaEvents.Find(e.EventName)!.Group == "recurring-payments").Select(e => e.EventName),
            SallaExamples.All.Where(e => e.Source == SallaExampleSource.Synthesized || e.SharedFrom == "subscription.created").Select(e => e.EventName));
        Assert.Equal("subscription.charge.failed", SubscriptionChargeFailedEvent.Parse(failed.Body).Event);
    }

    [Fact]
    public void An_unknown_event_is_an_argument_exception_that_points_at_names()
    {
        var thrown = Assert.Throws<ArgumentException>(() => SallaExamples.Get("order.teleported"));

        Assert.Contains("order.teleported", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("SallaExamples.Names", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("eventName", thrown.ParamName);
        Assert.False(SallaExamples.TryGet("order.teleported", out var body));
        Assert.True(body.IsEmpty);
        Assert.False(SallaExamples.TryGet("Order.Created", out _));
        Assert.True(SallaExamples.TryGet("order.created", out var found));
        Assert.False(found.IsEmpty);
    }

    private static string BlankFirst(ReadOnlyMemory<byte> body, string value)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        var index = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(index >= 0, $"{value} not in the body");
        return string.Concat(text.AsSpan(0, index), "\"?\"", text.AsSpan(index + value.Length));
    }
}

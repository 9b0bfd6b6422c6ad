using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Testing.Tests;

/// <summary>
/// <see cref="SallaTestEvent.FromExample"/> and the <c>SallaTestEvents</c> factories the generator writes into
/// this project because it references the kit.
/// </summary>
public class TestEventTests
{
    [Fact]
    public void A_factory_applies_the_edit_and_returns_what_a_receiver_would_read_from_the_written_body()
    {
        var order = SallaTestEvents.OrderCreated(e =>
        {
            e.Data.Status.Slug = "completed";
            e.Data.ReferenceId = 424242;
        });

        Assert.Equal("completed", order.Data.Status.Slug);
        Assert.Equal(424242, order.Data.ReferenceId);
        using (var body = JsonDocument.Parse(order.RawBody))
        {
            Assert.Equal("completed", body.RootElement.GetProperty("data").GetProperty("status").GetProperty("slug").GetString());
            Assert.Equal(424242, body.RootElement.GetProperty("data").GetProperty("reference_id").GetInt64());
            Assert.Equal("order.created", body.RootElement.GetProperty("event").GetString());
        }

        // The edited event round-trips: writing it again gives the body it was read from.
        Assert.Equal(order.RawBody.ToArray(), order.ToJson());
        var again = OrderCreatedEvent.Parse(order.RawBody);
        Assert.Equal(order.Data.Id, again.Data.Id);
        Assert.Equal(order.Data.Items.Count, again.Data.Items.Count);
    }

    [Fact]
    public void Without_an_edit_the_event_is_the_documented_example_itself()
    {
        var order = SallaTestEvents.OrderCreated();

        Assert.Equal(SallaExamples.Get(OrderCreatedEvent.Name).ToArray(), order.RawBody.ToArray());
        Assert.Equal(OrderCreatedEvent.Name, order.Event);
    }

    [Fact]
    public void A_shared_example_gives_an_event_of_the_requested_name()
    {
        var updated = SallaTestEvents.OrderUpdated(e => e.Data.Status.Slug = "under_review");

        Assert.IsType<OrderUpdatedEvent>(updated);
        Assert.Equal("order.updated", updated.Event);
        Assert.Equal("under_review", updated.Data.Status.Slug);
    }

    [Fact]
    public void Every_generated_factory_returns_its_event()
    {
        var factories = typeof(SallaTestEvents).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.DeclaringType == typeof(SallaTestEvents)).ToList();

        Assert.Equal(SallaEvents.All.Count, factories.Count);
        foreach (var factory in factories)
        {
            var info = SallaEvents.Find(factory.ReturnType)!;
            var created = Assert.IsAssignableFrom<SallaEvent>(factory.Invoke(null, new object?[] { null }));
            Assert.Equal(info.Name, created.Event);
            Assert.False(created.RawBody.IsEmpty);
        }
    }

    [Fact]
    public void An_edit_that_breaks_the_event_is_an_invalid_operation_naming_it()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => SallaTestEvents.OrderCreated(e => e.Data.Status = null!));

        Assert.Contains("order.created", thrown.Message, StringComparison.Ordinal);
        var payload = Assert.IsType<SallaPayloadException>(thrown.InnerException);
        Assert.Contains("status", payload.JsonPath, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_that_throws_is_not_hidden()
    {
        var thrown = Assert.Throws<FormatException>(() => SallaTestEvents.ProductCreated(_ => throw new FormatException("from the edit")));

        Assert.Equal("from the edit", thrown.Message);
    }

    [Fact]
    public void FromExample_refuses_an_event_the_specs_do_not_define()
    {
        var thrown = Assert.Throws<ArgumentException>(() => SallaTestEvent.FromExample("order.teleported", SallaUnknownEvent.Parse, null));

        Assert.Contains("order.teleported", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromExample_with_a_parser_that_refuses_the_example_names_the_event()
    {
        // The order.created example read as another event's type: the envelope names another event.
        var thrown = Assert.Throws<InvalidOperationException>(() => SallaTestEvent.FromExample(OrderCreatedEvent.Name, ProductCreatedEvent.Parse, null));

        Assert.Contains("order.created", thrown.Message, StringComparison.Ordinal);
        Assert.IsType<SallaPayloadException>(thrown.InnerException);
    }
}

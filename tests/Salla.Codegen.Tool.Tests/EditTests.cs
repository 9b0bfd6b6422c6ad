using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Salla.Codegen.Testing;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Tool.Tests;

public class SendEditTests
{
    private static readonly string OrderCreated = Encoding.UTF8.GetString(SallaExamples.Get("order.created").Span);

    [Fact]
    public async Task Set_edits_nested_members_and_the_receiver_verifies_and_reads_the_edited_body()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync(
            "send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret,
            "--set", "data.status.slug=completed", "--set", "data.amounts.total.amount=0");

        // The receiver answers 401 to a body whose signature is not of its bytes.
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("HTTP 200", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 edits", run.Stdout, StringComparison.Ordinal);
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(receiver.Received));
        Assert.Equal("completed", order.Data.Status.Slug);
        Assert.Equal(0m, order.Data.Amounts.Total?.Amount);
        var expected = ReplaceOnce(
            ReplaceOnce(OrderCreated, "\"slug\": \"under_review\"", "\"slug\": \"completed\""),
            "\"total\": {\n        \"amount\": 196,",
            "\"total\": {\n        \"amount\": 0,");
        Assert.Equal(expected, Encoding.UTF8.GetString(order.RawBody.Span));
    }

    [Fact]
    public async Task Remove_takes_the_member_out_and_keeps_its_neighbours()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret, "--remove", "data.urls.admin");

        Assert.True(run.Exit == 0, run.ToString());
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(receiver.Received));
        Assert.Null(order.Data.Urls.Admin);
        Assert.Equal("https://store-test.com/rating-link", order.Data.Urls.Rating);
        using var sent = JsonDocument.Parse(order.RawBody);
        Assert.Equal(new[] { "customer", "rating", "checkout" }, sent.RootElement.GetProperty("data").GetProperty("urls").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_value_the_model_refuses_is_not_sent_and_the_error_names_its_path()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret, "--set", "data.status.slug=completed", "--set", "data.amounts.total.amount=abc");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--set data.amounts.total.amount=abc: data.amounts.total.amount: 'abc' is not a number", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("The order.created model refuses the edited body, so nothing was sent.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Removing_a_required_member_is_refused_by_the_model()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret, "--remove", "data.items");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--remove data.items: data.items: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Numbers_keep_their_spelling_through_an_unrelated_edit()
    {
        await using var receiver = await Receiver.StartAsync();
        var body = """{"event":"order.created","merchant":1305146709,"data":{"id":2116149737,"reference_id":41027662,"urls":{"customer":"https://salla.sa/o/1"},"status":{"slug":"under_review"},"currency":"SAR","amounts":{"total":{"amount":"196.00","currency":"SAR"}},"customer":{"first_name":"Mohammed","mobile":501806978},"items":[{"name":"x","weight":1.10,"quantity":1e0}]}}""";

        var run = await Cli.RunWithAsync(Encoding.UTF8.GetBytes(body), null, "send", "-", "--url", receiver.Url, "--secret", Receiver.Secret, "--set", "data.status.slug=completed");

        Assert.True(run.Exit == 0, run.ToString());
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(receiver.Received));
        Assert.Equal(ReplaceOnce(body, "\"under_review\"", "\"completed\""), Encoding.UTF8.GetString(order.RawBody.Span));
        Assert.Contains("\"amount\":\"196.00\"", Encoding.UTF8.GetString(order.RawBody.Span), StringComparison.Ordinal);
        Assert.Contains("\"weight\":1.10,", Encoding.UTF8.GetString(order.RawBody.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_the_model_does_not_know_and_events_the_tool_does_not_know_are_sent_as_edited()
    {
        await using var receiver = await Receiver.StartAsync();
        var unknown = Encoding.UTF8.GetBytes("""{"event":"order.teleported","data":{"id":1}}""");

        var newMember = await Cli.RunAsync("send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret, "--set", "data.loyalty_tier=gold");
        var unknownEvent = await Cli.RunWithAsync(unknown, null, "send", "-", "--url", receiver.Url, "--secret", Receiver.Secret, "--set", "data.id=abc");

        Assert.True(newMember.Exit == 0, newMember.ToString());
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(receiver.Received));
        Assert.Equal("gold", order.Data.ExtensionData["loyalty_tier"].GetString());
        Assert.True(unknownEvent.Exit == 0, unknownEvent.ToString());
        Assert.Contains("HTTP 200", unknownEvent.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 edit,", unknownEvent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_apply_in_the_order_given()
    {
        var added = await Cli.RunAsync("example", "brand.created", "--set", "data.note=first", "--set", "data.note=second");
        var removedThenAdded = await Cli.RunAsync("example", "brand.created", "--remove", "data.name", "--set", "data.name=again");

        Assert.True(added.Exit == 0, added.ToString());
        Assert.Equal("second", Data(added.StdoutBytes).GetProperty("note").GetString());
        Assert.True(removedThenAdded.Exit == 0, removedThenAdded.ToString());
        Assert.Equal("again", Data(removedThenAdded.StdoutBytes).EnumerateObject().Last().Value.GetString());
    }

    [Theory]
    [InlineData("--set data.amounts.totl.amount=0: data.amounts has no member 'totl'; its members are sub_total, shipping_cost, cash_on_delivery, tax, discounts, total.", "--set", "data.amounts.totl.amount=0")]
    [InlineData("--set data.id.x=1: data.id is the number 2116149737, not an object or an array, so it has no member 'x'.", "--set", "data.id.x=1")]
    [InlineData("--set data.items[5].name=x: data.items has 1 item ([0]), so it has no item [5].", "--set", "data.items[5].name=x")]
    [InlineData("--set data.items.1=x: data.items has 1 item ([0]), so it has no item [1].", "--set", "data.items.1=x")]
    [InlineData("--set data.items.name=x: data.items is an array, so 'name' is not one of its items; give an index, such as data.items[0].", "--set", "data.items.name=x")]
    [InlineData("--set data[0]=1: data is an object, not an array, so it has no item [0].", "--set", "data[0]=1")]
    [InlineData("--remove data.urls.nope: data.urls has no member 'nope'; its members are customer, admin, rating, checkout.", "--remove", "data.urls.nope")]
    [InlineData("--remove nope: the body has no member 'nope'; its members are event, merchant, created_at, data, pickup_branch.", "--remove", "nope")]
    [InlineData("--set data.status.slug: expected PATH=VALUE, such as data.status.slug=completed.", "--set", "data.status.slug")]
    [InlineData("--set data..slug=x: 'data..slug' is not a path: an empty member name at 5.", "--set", "data..slug=x")]
    [InlineData("--remove data.items[x]: 'data.items[x]' is not a path: '[x]' is neither an array index", "--remove", "data.items[x]")]
    [InlineData("--set =1: '' is not a path: it is empty.", "--set", "=1")]
    public async Task A_path_that_is_not_in_the_body_is_refused_naming_the_path_and_what_is_there(string message, params string[] edit)
    {
        var printed = await Cli.RunAsync(["example", "order.created", .. edit]);
        await using var receiver = await Receiver.StartAsync();
        var sent = await Cli.RunAsync(["send", "order.created", "--url", receiver.Url, "--secret", Receiver.Secret, .. edit]);

        foreach (var run in new[] { printed, sent })
        {
            Assert.Equal(2, run.Exit);
            Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Stdout);
            Assert.Empty(run.StdoutBytes);
        }

        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_body_that_is_not_json_cannot_be_edited()
    {
        var run = await Cli.RunWithAsync("{\"event\":"u8.ToArray(), null, "send", "-", "--url", "http://127.0.0.1:9/", "--set", "data.id=1");

        Assert.Equal(2, run.Exit);
        Assert.Contains("the body is not JSON, so --set data.id=1 cannot edit it", run.Stderr, StringComparison.Ordinal);
    }

    internal static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"'{from}' is not in the text exactly once");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    private static JsonElement Data(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
}

public class ExampleTests
{
    [Fact]
    public async Task Example_prints_the_embedded_example_of_every_event_byte_for_byte()
    {
        foreach (var name in SallaExamples.Names)
        {
            var run = await Cli.RunAsync("example", name);

            Assert.True(run.Exit == 0, name + ": " + run);
            Assert.Equal(SallaExamples.Get(name).ToArray(), run.StdoutBytes);
            Assert.Equal(string.Empty, run.Stdout);
        }

        Assert.Equal(84, SallaExamples.Names.Count);
    }

    [Fact]
    public async Task Example_prints_the_edited_body_with_everything_else_unchanged()
    {
        var original = Encoding.UTF8.GetString(SallaExamples.Get("order.created").Span);

        var run = await Cli.RunAsync("example", "order.created", "--set", "data.status.slug=completed", "--remove", "data.urls.admin", "--set", "data.items.0.name=\"123\"");

        Assert.True(run.Exit == 0, run.ToString());
        var expected = SendEditTests.ReplaceOnce(original, "\"slug\": \"under_review\"", "\"slug\": \"completed\"");
        expected = SendEditTests.ReplaceOnce(expected, "\n      \"admin\": \"https://s.salla.sa/orders/order/DXZbOz68qjnYaOw04oBa35wVELBpJyxo\",", string.Empty);
        var itemName = expected.IndexOf("\"name\": \"بيتزا\"", expected.IndexOf("\"items\": [", StringComparison.Ordinal), StringComparison.Ordinal);
        expected = string.Concat(expected.AsSpan(0, itemName), "\"name\": \"123\"", expected.AsSpan(itemName + "\"name\": \"بيتزا\"".Length));
        Assert.Equal(expected, Encoding.UTF8.GetString(run.StdoutBytes));
    }

    [Fact]
    public async Task Both_index_spellings_reach_the_same_item()
    {
        var dotted = await Cli.RunAsync("example", "order.created", "--set", "data.items.0.quantity=3");
        var bracketed = await Cli.RunAsync("example", "order.created", "--set", "data.items[0].quantity=3");
        var rooted = await Cli.RunAsync("example", "order.created", "--set", "$.data.items[0].quantity=3");

        Assert.True(dotted.Exit == 0, dotted.ToString());
        Assert.Equal(3, JsonDocument.Parse(dotted.StdoutBytes).RootElement.GetProperty("data").GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(dotted.StdoutBytes, bracketed.StdoutBytes);
        Assert.Equal(dotted.StdoutBytes, rooted.StdoutBytes);
    }

    [Fact]
    public async Task An_unknown_event_is_an_error_with_a_suggestion()
    {
        var near = await Cli.RunAsync("example", "ordr.created");
        var far = await Cli.RunAsync("example", "zzzz");
        var path = Cli.TempFile("{}"u8.ToArray());
        var file = await Cli.RunAsync("example", path);
        File.Delete(path);

        Assert.Equal(2, near.Exit);
        Assert.Contains("salla example: 'ordr.created' is not an event; did you mean order.created? 'salla list' shows the events.", near.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, far.Exit);
        Assert.Contains("salla example: 'zzzz' is not an event; 'salla list' shows the events.", far.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, file.Exit);
        Assert.Contains("is not an event", file.Stderr, StringComparison.Ordinal);
        Assert.Empty(near.StdoutBytes);
    }

    [Fact]
    public async Task Help_for_send_and_example_describes_the_edits()
    {
        foreach (var command in new[] { "send", "example" })
        {
            var help = await Cli.RunAsync(command, "--help");

            Assert.Equal(0, help.Exit);
            Assert.Contains("--set PATH=VALUE", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--remove PATH", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--set 'data.note=\"123\"'", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("data.items[0].name or data.items.0.name", help.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("salla example EVENT", (await Cli.RunAsync("--help")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_run_as_a_process_writes_the_exact_bytes_to_standard_output()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SallaCli).Assembly.Location);
        start.ArgumentList.Add("example");
        start.ArgumentList.Add("order.created");
        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the tool did not exit");

        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal(SallaExamples.Get("order.created").ToArray(), stdout.ToArray());
    }
}

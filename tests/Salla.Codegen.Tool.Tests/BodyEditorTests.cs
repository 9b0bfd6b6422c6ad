using System;
using System.Linq;
using System.Text;
using Xunit;

namespace Salla.Codegen.Tool.Tests;

public class BodyEditorTests
{
    [Theory]
    [InlineData("""{"a":1}""", "b=2", """{"a":1,"b":2}""")]
    [InlineData("""{"a":{}}""", "a.x=true", """{"a":{"x":true}}""")]
    [InlineData("""{"a":{ }}""", "a.x=null", """{"a":{"x":null }}""")]
    [InlineData("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": 2\n  }\n}", "b.d=3", "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": 2,\n    \"d\": 3\n  }\n}")]
    [InlineData("""{"a":1,"b":[1,2.50,3]}""", "b[1]=2.5", """{"a":1,"b":[1,2.5,3]}""")]
    [InlineData("""{"a":"x","b":1e3}""", "a={\"k\": [1, 2]}", """{"a":{"k": [1, 2]},"b":1e3}""")]
    [InlineData("""{"a":1}""", "a=  7 ", """{"a":7}""")]
    [InlineData("""{"a.b":1,"a":{"b":2}}""", "[\"a.b\"]=5", """{"a.b":5,"a":{"b":2}}""")]
    [InlineData("""{"0":{"x":1}}""", "0.x=2", """{"0":{"x":2}}""")]
    [InlineData("""{"a":1, /* kept */ "b":2,}""", "c=3", """{"a":1, /* kept */ "b":2, "c":3,}""")]
    public void Set_replaces_or_adds_and_keeps_every_other_byte(string body, string set, string expected)
    {
        Assert.Equal(expected, Edit(body, ("--set", set)));
    }

    [Theory]
    [InlineData("""{"a":1,"b":2,"c":3}""", "a", """{"b":2,"c":3}""")]
    [InlineData("""{"a":1,"b":2,"c":3}""", "b", """{"a":1,"c":3}""")]
    [InlineData("""{"a":1,"b":2,"c":3}""", "c", """{"a":1,"b":2}""")]
    [InlineData("""{"a":{"only":1}}""", "a.only", """{"a":{}}""")]
    [InlineData("""{"a":[10,20,30]}""", "a[0]", """{"a":[20,30]}""")]
    [InlineData("""{"a":[10,20,30]}""", "a.2", """{"a":[10,20]}""")]
    [InlineData("""{"a":[ 10 ]}""", "a[0]", """{"a":[]}""")]
    [InlineData("{\n  \"a\": 1,\n  \"b\": 2\n}", "b", "{\n  \"a\": 1\n}")]
    [InlineData("{\n  \"a\": 1,\n  \"b\": 2\n}", "a", "{\n  \"b\": 2\n}")]
    [InlineData("""{"a":1,"b":2,}""", "b", """{"a":1,}""")]
    public void Remove_cuts_the_member_or_item_with_one_comma(string body, string remove, string expected)
    {
        Assert.Equal(expected, Edit(body, ("--remove", remove)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-1.10", "-1.10")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("\"123\"", "\"123\"")]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData("completed", "\"completed\"")]
    [InlineData("", "\"\"")]
    [InlineData("True", "\"True\"")]
    [InlineData("1 2", "\"1 2\"")]
    [InlineData("{\"a\":1", "\"{\\\"a\\\":1\"")]
    [InlineData("he said \"hi\"\\", "\"he said \\\"hi\\\"\\\\\"")]
    [InlineData("بيتزا", "\"بيتزا\"")]
    public void A_value_is_json_when_it_reads_as_one_json_value_and_a_string_otherwise(string value, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(BodyEdit.JsonFor(value)));
    }

    [Fact]
    public void A_byte_order_mark_is_kept()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"a":1}"""u8];

        var edited = BodyEditor.Apply(body, BodyEdit.From([("--set", "a=2")]));

        Assert.Equal([0xEF, 0xBB, 0xBF, .. """{"a":2}"""u8], edited);
    }

    [Fact]
    public void A_member_name_is_written_as_a_json_string()
    {
        Assert.Equal("""{"a":1,"say \"hi\"":2}""", Edit("""{"a":1}""", ("--set", "[\"say \"hi\"\"]=2")));
    }

    [Fact]
    public void Without_edits_the_body_is_not_read_at_all()
    {
        var notJson = "not json"u8.ToArray();

        Assert.Same(notJson, BodyEditor.Apply(notJson, []));
    }

    [Theory]
    [InlineData("""{"a":[]}""", "--set", "a[0]=1", "--set a[0]=1: a is an empty array, so it has no item [0].")]
    [InlineData("""{"a":{}}""", "--remove", "a.b", "--remove a.b: a has no member 'b'; it is an empty object.")]
    [InlineData("""{"a":"a long text that goes on and on beyond forty characters"}""", "--set", "a.b=1", "--set a.b=1: a is the string \"a long text that goes on and on beyond ..., not an object or an array, so it has no member 'b'.")]
    [InlineData("""[1]""", "--set", "a=1", "--set a=1: the body is an array, so 'a' is not one of its items; give an index, such as [0].")]
    [InlineData("", "--set", "a=1", "the body is empty, so --set a=1 cannot edit it.")]
    public void An_edit_that_cannot_be_made_says_where_and_what_is_there(string body, string option, string value, string message)
    {
        var error = Assert.Throws<BodyEditException>(() => BodyEditor.Apply(Encoding.UTF8.GetBytes(body), BodyEdit.From([(option, value)])));

        Assert.Equal(message, error.Message);
    }

    private static string Edit(string body, params (string Option, string Value)[] edits) =>
        Encoding.UTF8.GetString(BodyEditor.Apply(Encoding.UTF8.GetBytes(body), BodyEdit.From(edits.ToList())));
}

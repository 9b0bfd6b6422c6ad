using System.Linq;
using System.Text.Json;
using System.Text;
using Salla.Codegen.Metadata;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>A type of more than 64 members: sent, required and repeated members are tracked past the first word.</summary>
public class WideObjectTests
{
    private const int MemberCount = 70;
    private const int RequiredMember = 68;

    private static readonly SallaObjectReader<Wide> Reader = new(
        static (ref Utf8JsonReader reader, Wide target, int member) => target.Values[member] = SallaJson.ReadInt64(ref reader),
        Enumerable.Range(0, MemberCount).Select(i => new SallaMemberSpec("m" + i, "integer", IsRequired: i is 3 or RequiredMember)).ToArray());

    private static Wide Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return Reader.Read(ref reader, new Wide());
    }

    private static string Members(params int[] indexes) => "{" + string.Join(",", indexes.Select(i => $"\"m{i}\":{i}")) + "}";

    [Fact]
    public void EveryMemberIsRead()
    {
        var wide = Read(Members(Enumerable.Range(0, MemberCount).Reverse().ToArray()));

        Assert.Equal(Enumerable.Range(0, MemberCount).Select(i => (long?)i), wide.Values);
    }

    [Fact]
    public void A_missing_required_member_past_the_first_word_is_named()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => Read(Members(3, 64, 69)));

        Assert.Equal(("$.m68", "a required member is missing"), (ex.JsonPath, ex.Problem));
    }

    [Fact]
    public void A_member_past_the_first_word_sent_twice_is_refused()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => Read(Members(3, 68, 66, 66)));

        Assert.Equal("$.m66", ex.JsonPath);
    }

    private sealed class Wide : SallaObject
    {
        public long?[] Values { get; } = new long?[MemberCount];

        protected override void WriteMembers(Utf8JsonWriter writer)
        {
        }
    }
}

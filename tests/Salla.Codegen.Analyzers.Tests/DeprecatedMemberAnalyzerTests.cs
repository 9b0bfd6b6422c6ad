using System.Threading.Tasks;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class DeprecatedMemberAnalyzerTests
{
    [Fact]
    public async Task Reading_CheckoutUrl_warns_with_replacement_and_date()
    {
        var test = new SallaAnalyzerTest<DeprecatedMemberAnalyzer>("""
            using Salla.Events;

            class C
            {
                string? M(Order order) => {|#0:order.CheckoutUrl|};
            }
            """);
        test.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("SALLA201").WithLocation(0).WithArguments("Order.CheckoutUrl", "2025-05-25", "data.urls.checkout"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Reading_the_replacement_does_not_warn()
    {
        await new SallaAnalyzerTest<DeprecatedMemberAnalyzer>("""
            using Salla.Events;

            class C
            {
                string? M(Order order) => order.Urls.Checkout;
            }
            """).RunAsync();
    }
}

public class UseReplacementMemberCodeFixTests
{
    [Fact]
    public async Task CheckoutUrl_is_rewritten_to_Urls_Checkout()
    {
        var test = new SallaCodeFixTest<DeprecatedMemberAnalyzer, Salla.Codegen.CodeFixes.UseReplacementMemberCodeFix>(
            """
            using Salla.Events;

            class C
            {
                string? M(OrderCreatedEvent e) => {|#0:e.Data.CheckoutUrl|};
            }
            """,
            """
            using Salla.Events;

            class C
            {
                string? M(OrderCreatedEvent e) => e.Data.Urls.Checkout;
            }
            """);
        test.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("SALLA201").WithLocation(0).WithArguments("Order.CheckoutUrl", "2025-05-25", "data.urls.checkout"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Item_Codes_has_no_fix_because_the_replacement_is_on_the_order()
    {
        var test = new SallaCodeFixTest<DeprecatedMemberAnalyzer, Salla.Codegen.CodeFixes.UseReplacementMemberCodeFix>(
            """
            using Salla.Events;

            class C
            {
                object? M(OrderItem item) => {|#0:item.Codes|};
            }
            """,
            """
            using Salla.Events;

            class C
            {
                object? M(OrderItem item) => {|#0:item.Codes|};
            }
            """);
        test.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("SALLA201").WithLocation(0).WithArguments("OrderItem.Codes", "2025-02-05", "data.urls.digital_content"));
        test.FixedState.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("SALLA201").WithLocation(0).WithArguments("OrderItem.Codes", "2025-02-05", "data.urls.digital_content"));

        await test.RunAsync();
    }
}

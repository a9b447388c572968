using ComplianceBot.Core.Storage;

namespace ComplianceBot.Tests.Storage;

public sealed class StoreTransferTests
{
    [Fact]
    public void Moving_between_stores_copies_every_kind_of_record()
    {
        var kinds = typeof(IDocument).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsAssignableTo(typeof(IDocument)))
            .Select(t => (string)t.GetProperty(nameof(IDocument.Kind))!.GetValue(null)!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(kinds, StoreTransfer.KindsCopied.Order(StringComparer.Ordinal));
    }
}

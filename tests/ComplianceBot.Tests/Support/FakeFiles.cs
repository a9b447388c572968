using ComplianceBot.Core.Chat;

namespace ComplianceBot.Tests.Support;

/// <summary>Files "on the platform", by download reference.</summary>
public sealed class FakeFiles : IChatFileSource
{
    private readonly Dictionary<string, byte[]> files = [];

    public int Downloads { get; private set; }

    public ChatFile Add(string name, byte[] content, string contentType = "application/pdf", long? declaredSize = null)
    {
        var reference = $"https://files.example/{Guid.NewGuid():N}/{name}";
        files[reference] = content;
        return new ChatFile(name, declaredSize ?? content.Length, contentType, reference);
    }

    public Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default)
    {
        Downloads++;
        return Task.FromResult<Stream>(new MemoryStream(files[file.DownloadRef]));
    }
}

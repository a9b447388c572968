using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Downloads files people send the bot in Teams: the file.download.info attachment carries a pre-authorised
/// download URL. Only https (or loopback, for local testing) URLs are fetched.
/// </summary>
public sealed class TeamsFileSource(HttpClient http) : IChatFileSource
{
    public async Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!TeamsOptions.IsAcceptableEndpoint(file.DownloadRef))
            throw new InvalidOperationException("The file's download URL is not https.");
        var response = await http.GetAsync(new Uri(file.DownloadRef), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"Teams refused the file download ({(int)response.StatusCode}).", null, response.StatusCode);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }
}

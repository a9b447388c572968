namespace ComplianceBot.Host.Security;

/// <summary>
/// Puts the API key check in front of an endpoint group. Endpoint filters run only after the body is bound, so
/// the check is endpoint metadata read by a middleware: a request without an accepted key is answered 401 (or
/// 403 when no key is configured) before a byte of its body is read.
/// </summary>
internal static class ApiKeys
{
    /// <summary>Endpoints in the group need the key <typeparamref name="TFilter"/> accepts.</summary>
    public static RouteGroupBuilder RequireApiKey<TFilter>(this RouteGroupBuilder group)
        where TFilter : ApiKeyFilter
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.WithMetadata(new ApiKeyRequirement(typeof(TFilter)));
    }

    /// <summary>The middleware that enforces <see cref="RequireApiKey{TFilter}"/>; after routing, before the endpoints.</summary>
    public static WebApplication UseApiKeys(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>() is { } requirement)
            {
                var filter = (ApiKeyFilter)ActivatorUtilities.GetServiceOrCreateInstance(http.RequestServices, requirement.Filter);
                if (filter.Refusal(http) is { } refusal)
                {
                    await refusal.ExecuteAsync(http);
                    return;
                }
            }

            await next(http);
        });
        return app;
    }

    private sealed record ApiKeyRequirement(Type Filter);
}

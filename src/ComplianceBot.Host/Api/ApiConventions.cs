using ComplianceBot.Host.Configuration;

namespace ComplianceBot.Host.Api;

internal static class ApiConventions
{
    /// <summary>Problem+json for every error, domain refusals mapped to status codes, one JSON shape.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => ComplianceJsonHttp.Apply(o.SerializerOptions));

        // Bind failures surface as BadHttpRequestException with a message naming the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }
}

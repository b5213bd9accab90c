namespace ClaraPortal.Web.Features.Cards;

public static class CardsServiceCollectionExtensions
{
    /// <summary>The cards list and detail (read side). Writes go through VcnService (AddIssuance).</summary>
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddScoped<CardQueries>();
        return services;
    }
}

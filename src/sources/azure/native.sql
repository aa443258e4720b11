-- FocusCost rows, as the native FOCUS reader staged them (columns renamed and typed for the warehouse's
-- FOCUS version), made this source's: its lineage, ids lowercased as Microsoft's conversion does (Azure
-- resource ids are case-insensitive and arrive in mixed case), and ServiceSubcategory, which FOCUS 1.2
-- made mandatory and a 1.0 export lacks: "Other (<category>)" until a later export supplies it. Each row
-- gets the scope of the export run its file belongs to, as cost details rows do, so a load replaces
-- only its scope's rows of the month.
CREATE TABLE {{target}} AS
SELECT * REPLACE (
    'azure' AS x_SourceType,
    $loadId::BIGINT AS x_LoadId,
    lower(ResourceId) AS ResourceId,
    lower(SubAccountId) AS SubAccountId,
    lower(CommitmentDiscountId) AS CommitmentDiscountId,
    coalesce(ServiceSubcategory, 'Other (' || coalesce(ServiceCategory, 'Other') || ')') AS ServiceSubcategory
),
    list_extract($scopes::VARCHAR[], list_position($files::VARCHAR[], x_SourceFile)) AS x_ExportScope
FROM {{native}}

-- The product of two amounts (prices, quantities, rates) exact to 18 fractional digits. DuckDB multiplies
-- two DECIMAL(38,18) at scale 36, which leaves two integer digits: 744 hours at 0.5 overflows. Each
-- factor is split into its whole part and its fraction: three of the four partial products are exact at
-- scale 18 or less, and the product of the two fractions (below 1) is rounded once, to 18 digits.
CREATE OR REPLACE TEMP MACRO exact_product(a, b) AS (
    (trunc(a::DECIMAL(38,18))::DECIMAL(38,0) * trunc(b::DECIMAL(38,18))::DECIMAL(38,0))::DECIMAL(38,18)
    + (trunc(a::DECIMAL(38,18))::DECIMAL(38,0) * (b::DECIMAL(38,18) - trunc(b::DECIMAL(38,18)))::DECIMAL(19,18))::DECIMAL(38,18)
    + ((a::DECIMAL(38,18) - trunc(a::DECIMAL(38,18)))::DECIMAL(19,18) * trunc(b::DECIMAL(38,18))::DECIMAL(38,0))::DECIMAL(38,18)
    + ((a::DECIMAL(38,18) - trunc(a::DECIMAL(38,18)))::DECIMAL(19,18) * (b::DECIMAL(38,18) - trunc(b::DECIMAL(38,18)))::DECIMAL(19,18))::DECIMAL(38,18)
);

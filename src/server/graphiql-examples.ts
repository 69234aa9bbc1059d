/**
 * server/graphiql-examples
 *
 * The saved operations GraphiQL opens with, one tab per question analysts bring (the
 * reform's own views — 无贷户名单, 企业画像, 免申即享, 一码管地, 亩均税收 — and the
 * analysts' statistics). Served inside the GraphiQL page; `test/graphiql-examples.test.ts` runs every one, so they
 * stay true to the schema.
 */
export interface Example {
  readonly title: string;
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

export const GRAPHIQL_EXAMPLES: readonly Example[] = [
  {
    title: '合肥企业及其跨部门关联 (Hefei enterprises, linked across departments)',
    query: `query HefeiEnterprises {
  enterprises(first: 5, filter: { divisionCode: { within: "340100" } }) {
    totalCount
    edges {
      node {
        uscc name status divisionCode
        taxRating { year rating }
        licenses { typeName validTo status }
        parcels { parcelCode landUseName events { stage occurredOn } }
        provenance { sourceId fetchedAt }
      }
    }
  }
}`,
  },
  {
    title: '芜湖制造业：2020 年以来成立、纳税信用 D 级或今年受过处罚 (Wuhu manufacturers since 2020, rated D or penalised this year)',
    query: `query WuhuRiskyManufacturers($since: Date!, $thisYear: Date!) {
  enterprises(
    first: 20
    filter: {
      divisionCode: { within: "340200" }
      industryCode: { startsWith: "C" }
      establishedOn: { gte: $since }
      or: [
        { taxRating: { rating: { eq: D } } }
        { creditRecords: { some: { kind: { eq: PENALTY }, decidedOn: { gte: $thisYear } } } }
      ]
    }
    orderBy: [{ field: ESTABLISHED_ON, direction: DESC }]
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { uscc name establishedOn taxRating { rating } creditRecords { kind decidedOn category } } }
  }
}`,
    variables: { since: '2020-01-01', thisYear: '2026-01-01' },
  },
  {
    title: '各区县按纳税信用等级的企业数 (enterprises per county by tax rating)',
    query: `query EnterprisesByCountyAndRating {
  enterpriseStats(groupBy: [COUNTY, TAX_RATING], filter: { status: { in: [SUBSISTING, OPERATING] } }) {
    groups { key { county countyName taxRating } count sum { registeredCapital } }
    suppressedGroups
  }
}`,
  },
  {
    title: '无贷户名单 (no-loan list: operating small and micro firms, active in tax, without a loan; each says why)',
    query: `query NoLoanList($after: String) {
  noLoanList(first: 20, after: $after, filter: { divisionCode: { within: "340100" } }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { uscc name divisionCode sizeClass registeredCapital lastTaxPaymentMonth reasons } }
  }
}`,
  },
  {
    title: '无贷户名单统计：在列、本年首贷、转化率 (no-loan list by city and industry: listed, first loans this year, conversion)',
    query: `query NoLoanStats {
  noLoanStats(groupBy: [CITY, INDUSTRY_SECTION]) {
    groups { key { cityName industrySection } listed firstLoansThisYear conversionRate }
    suppressedGroups
  }
}`,
  },
  {
    title: '企业画像与可享政策 (enterprise profiles and the support policies they meet)',
    query: `query Profiles {
  enterprises(first: 5, filter: { status: { eq: SUBSISTING } }) {
    edges {
      node {
        uscc name
        profile {
          ageYears capitalBand sizeClass industrySection statusesAgree statuses { source status standing }
          validLicenses expiringLicenses penaltiesRecent courtDefaulter taxRatings { year rating } taxRatingTrend
          arrearsOutstanding loanCount loanTotal hasFirstLoan parcelsHeld landAreaM2 taxPaidLast12Months
          riskFlags { code reason }
        }
        eligiblePolicies { policy { id title } version }
      }
    }
  }
}`,
  },
  {
    title: '免申即享：惠企政策及符合的企业 (support policies, and the firms meeting one without applying)',
    query: `query SupportPolicies($policy: Int!) {
  supportPolicies { id title issuer version active validFrom validTo criteria params }
  policyMatches(policyId: $policy, first: 10) {
    version totalCount
    edges { node { uscc name establishedOn } }
  }
}`,
    variables: { policy: 3 },
  },
  {
    title: '一码管地：宗地全生命周期与亩均税收 (a parcel’s whole life, and its 亩均税收 against target)',
    query: `query ParcelLife {
  parcels(first: 3, filter: { landUse: { startsWith: "06" } }) {
    edges {
      node {
        parcelCode landUseName areaM2
        timeline { order stage status date daysSincePrevious documents { kind docNo } registrations { ywh kind } }
        indicators { areaMu taxPaidLast12Months taxPerMu target meetsTarget }
      }
    }
  }
}`,
  },
  {
    title: '亩均税收排名：合肥工业用地，低者在前 (lowest 亩均税收 first: Hefei’s industrial parcels)',
    query: `query TaxPerMuRanking {
  parcelTaxRanking(county: "340100", first: 10) {
    rank parcelCode
    parcel { divisionCode landUseName }
    indicators { areaMu taxPerMu target meetsTarget }
  }
}`,
  },
  {
    title: '各阶段用时中位数：哪一段最慢 (median days per lifecycle stage by county: where supply-to-permit takes longest)',
    query: `query StageDurations {
  parcelStageDurations(groupBy: [COUNTY], filter: { landUse: { startsWith: "06" } }) {
    groups { key { countyName } slowest stages { stage parcels medianDays avgDays maxDays } }
  }
}`,
  },
  {
    title: '一码管地：工业用地面积和各阶段用时，按区县和当前阶段 (industrial land area and median days per stage, by county and current stage)',
    query: `query IndustrialLandByStage {
  parcelStats(filter: { landUse: { startsWith: "06" } }, groupBy: [COUNTY, STAGE]) {
    groups { key { countyName stage } count sum { areaM2 } stageDays { stage parcels medianDays } }
  }
}`,
  },
  {
    title: '贷款按机构和首贷 (loans by lender and first-loan flag)',
    query: `query LoansByLender {
  loanStats(groupBy: [LENDER, FIRST_LOAN], filter: { withdrawn: { eq: false } }) {
    groups { key { lender firstLoan } count sum { amount } avg { amount } }
  }
}`,
  },
  {
    title: '今年的信用记录按类别和月份 (credit records this year by kind and month)',
    query: `query CreditThisYear {
  creditRecordStats(groupBy: [KIND, DECIDED_MONTH], filter: { decidedOn: { gte: "2026-01-01" } }) {
    groups { key { kind decidedMonth } count sum { fineAmount } }
  }
}`,
  },
  {
    title: '税款入库按月份和区县 (tax paid by month and county)',
    query: `query TaxByMonthAndCounty {
  taxPaymentStats(groupBy: [MONTH, COUNTY]) {
    groups { key { month countyName } count sum { amount } }
  }
}`,
  },
  {
    title: '年内到期的有效证照 (valid licenses expiring this year)',
    query: `query LicensesExpiring($until: Date!) {
  licenses(first: 20, filter: { status: { eq: VALID }, validTo: { lte: $until } }, orderBy: [{ field: VALID_TO }]) {
    totalCount
    edges { node { licenseId typeName holderName validTo holderEnterprise { uscc name } } }
  }
}`,
    variables: { until: '2026-12-31' },
  },
];

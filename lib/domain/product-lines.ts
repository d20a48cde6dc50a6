import { CustomerType, LineOfAuthority, ProductLine } from './enums';

interface ProductLineSpec {
  /** Any one of these lines of authority licenses an agent to write the product. */
  linesOfAuthority: readonly LineOfAuthority[];
  customerType: CustomerType;
}

const { LIFE, ACCIDENT_HEALTH, PROPERTY, CASUALTY, PERSONAL_LINES } = LineOfAuthority;

/**
 * Which license lines of authority each product needs. Personal-lines producers
 * (a limited license most states issue) may write personal auto and home.
 */
export const PRODUCT_LINES: Readonly<Record<ProductLine, ProductLineSpec>> = {
  PERSONAL_AUTO: { linesOfAuthority: [CASUALTY, PERSONAL_LINES], customerType: CustomerType.PERSONAL },
  HOMEOWNERS: { linesOfAuthority: [PROPERTY, PERSONAL_LINES], customerType: CustomerType.PERSONAL },
  RENTERS: { linesOfAuthority: [PROPERTY, PERSONAL_LINES], customerType: CustomerType.PERSONAL },
  UMBRELLA: { linesOfAuthority: [CASUALTY, PERSONAL_LINES], customerType: CustomerType.PERSONAL },
  LIFE: { linesOfAuthority: [LIFE], customerType: CustomerType.PERSONAL },
  HEALTH: { linesOfAuthority: [ACCIDENT_HEALTH], customerType: CustomerType.PERSONAL },
  MEDICARE: { linesOfAuthority: [ACCIDENT_HEALTH], customerType: CustomerType.PERSONAL },
  COMMERCIAL_GL: { linesOfAuthority: [CASUALTY], customerType: CustomerType.COMMERCIAL },
  COMMERCIAL_PROPERTY: { linesOfAuthority: [PROPERTY], customerType: CustomerType.COMMERCIAL },
  COMMERCIAL_AUTO: { linesOfAuthority: [CASUALTY], customerType: CustomerType.COMMERCIAL },
  WORKERS_COMP: { linesOfAuthority: [CASUALTY], customerType: CustomerType.COMMERCIAL },
  BOP: { linesOfAuthority: [PROPERTY, CASUALTY], customerType: CustomerType.COMMERCIAL },
};

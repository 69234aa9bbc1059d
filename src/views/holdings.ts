/**
 * views/holdings
 *
 * Which parcels an enterprise holds, as SQL over an enterprise's USCC expression: the
 * parcels a lifecycle event names it on, and the parcels of the units it holds a right on
 * (a unit code's first 19 characters are its parcel's code). One definition for
 * `Enterprise.parcels`, the profile's land held and the 亩均税收 of a parcel. Pure.
 */

/** The registrations (`r`) on which the enterprise `uscc` holds a right (`h`), for a FROM clause. */
export const holdingsOf = (uscc: string): string =>
  `"registration_holder" h JOIN "registration" r ON r.ywh = h.ywh WHERE h.holder_uscc = ${uscc}`;

/** Parcel codes the enterprise `uscc` is linked to, as a subquery's select. */
export const parcelsHeldBy = (uscc: string): string =>
  `SELECT pe.parcel_code FROM "parcel_event" pe WHERE pe.enterprise_uscc = ${uscc} UNION SELECT left(r.unit_code, 19) FROM ${holdingsOf(uscc)}`;

/**
 * USCCs of the enterprises holding the parcel `code`, as a subquery's select (the inverse
 * of parcelsHeldBy). The range on the unit code lets the registrations' index find the
 * parcel's units (a unit code is its parcel's code and upper-case letters and digits).
 */
export const holdersOf = (code: string): string =>
  `SELECT pe.enterprise_uscc FROM "parcel_event" pe WHERE pe.parcel_code = ${code} AND pe.enterprise_uscc IS NOT NULL
   UNION SELECT h.holder_uscc FROM "registration" r JOIN "registration_holder" h ON h.ywh = r.ywh
     WHERE r.unit_code >= ${code} AND r.unit_code < ${code} || '~' AND left(r.unit_code, 19) = ${code} AND h.holder_uscc IS NOT NULL`;

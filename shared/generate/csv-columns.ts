/** The CSV batch's columns, in order, exactly as docs/design.md §4 and the example batch's header spell them. */
export const CSV_COLUMNS = [
  'Report ID', 'Received At', 'NCMEC Priority', 'Referral', 'Incident Type', 'Incident Date Time',
  'Escalate To High Priority', 'Report Annotations', 'Batched Reason', 'Reporter Company', 'Suspect Email',
  'Suspect Phone', 'Screen Name', 'ESP Identifier', 'Display Name', 'Address', 'Address City', 'Address State',
  'Address PIN', 'Address Country', 'Estimated City', 'Estimated Region', 'Estimated Country', 'IP Address',
  'IP Event', 'IP Event Time', 'Port', 'Possible Proxy', 'Device ID Type', 'Device ID', 'Cell Latitude',
  'Cell Longitude', 'Geo Country', 'Geo Region', 'Geo City', 'Geo Latitude', 'Geo Longitude', 'Geo ISP',
  'Geo ASN', 'File ID', 'File Name', 'File MD5', 'Industry Classification', 'File Viewed By ESP',
  'Publicly Available', 'File Annotations',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Partial<Record<CsvColumn, string>>;

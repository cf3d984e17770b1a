/** Who is calling: the normalized system name and whether it is the system operator. */
export interface Identity {
  systemName: string;
  sysop: boolean;
}

"""CO2 accounting: energy statistics to CO2 (methods.md §8). Pure functions, frames in, frames out."""

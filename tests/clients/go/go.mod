module example.invalid/pkgconfclients

go 1.19

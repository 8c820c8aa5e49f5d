# Brunel's network: a raster of the first 50 excitatory (blue) and 50 inhibitory (red) neurons
# (top), and the population rate of each population in 1 ms bins (bottom).
# gnuplot -e "dir='out/brunel'" examples/plot/brunel.gp
set terminal pngcairo size 1400,900 font ",11" noenhanced
set output dir.'/brunel.png'
set datafile separator ','
spikes_E = system("ls ".dir."/spikes_E-*-0.csv")
spikes_I = system("ls ".dir."/spikes_I-*-0.csv")
summary = system("head -n 1 ".dir."/summary.txt")
NE = system("sed -n 's/.*NE = \\([0-9]*\\).*/\\1/p' ".dir."/summary.txt | head -n 1") + 0
NI = system("sed -n 's/.*NI = \\([0-9]*\\).*/\\1/p' ".dir."/summary.txt | head -n 1") + 0
rates = system("grep '^rates' ".dir."/summary.txt")
set multiplot layout 2,1 title summary."\n".rates
set grid
set key outside right top
set lmargin 10
set rmargin 16
set ylabel 'neuron id'
unset xlabel
set yrange [0:101]
plot spikes_E using 2:($1 <= 50 ? $1 : 1/0) skip 1 with points pt 7 ps 0.4 lc rgb '#1f77b4' title 'E', \
     spikes_I using 2:($1 <= NE + 50 ? $1 - NE + 50 : 1/0) skip 1 with points pt 7 ps 0.4 lc rgb '#d62728' title 'I'
set ylabel 'rate (Hz)'
set xlabel 'time (ms)'
set yrange [0:*]
bin = 1.0 # ms
plot spikes_E using (floor($2 / bin) * bin):(1000.0 / (bin * NE)) skip 1 smooth frequency with steps lc rgb '#1f77b4' title 'E', \
     spikes_I using (floor($2 / bin) * bin):(1000.0 / (bin * NI)) skip 1 smooth frequency with steps lc rgb '#d62728' title 'I'
unset multiplot
